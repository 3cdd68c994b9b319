package dev.loopwork.support;

import dev.loopwork.Cancellable;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.Pollable;
import dev.loopwork.spi.Ready;
import dev.loopwork.spi.Registration;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A loop that forwards every call to another one, {@code fakePollIn} included: the base of a
 * decorator around a loop (see {@link ForwardingLoopProvider#wrap}). Override what should differ.
 */
public class ForwardingLoopOps implements LoopOps {

    private final LoopOps delegate;

    public ForwardingLoopOps(LoopOps delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The loop this one forwards to. */
    public LoopOps delegate() {
        return delegate;
    }

    @Override
    public boolean inLoop() {
        return delegate.inLoop();
    }

    @Override
    public Registration register(Pollable pollable, int interest, Ready ready) {
        return delegate.register(pollable, interest, ready);
    }

    @Override
    public void execute(Runnable task) {
        delegate.execute(task);
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        return delegate.schedule(task, delay, unit);
    }

    @Override
    public boolean fakePollIn(Registration registration) {
        return delegate.fakePollIn(registration);
    }

    @Override
    public CompletionStage<Void> shutdown() {
        return delegate.shutdown();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + '{' + delegate + '}';
    }
}
