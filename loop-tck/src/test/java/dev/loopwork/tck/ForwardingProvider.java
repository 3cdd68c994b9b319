package dev.loopwork.tck;

import dev.loopwork.Cancellable;
import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.spi.Pollable;
import dev.loopwork.spi.Ready;
import dev.loopwork.spi.Registration;
import dev.loopwork.spi.Sockets;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A provider whose loops forward to another provider's, for the kit's self-tests: subclasses of
 * {@link Ops} break one thing on purpose (a lying {@code fakePollIn}, a leaked descriptor) so that
 * the tests can prove the kit notices.
 */
class ForwardingProvider implements LoopProvider {

    private final LoopProvider delegate;
    private final UnaryOperator<LoopOps> wrap;
    private final String name;

    ForwardingProvider(LoopProvider delegate, UnaryOperator<LoopOps> wrap) {
        this(delegate.name() + "-forwarded", delegate, wrap);
    }

    /** With its own name: the kit measures timers once per provider class and name. */
    ForwardingProvider(String name, LoopProvider delegate, UnaryOperator<LoopOps> wrap) {
        this.delegate = delegate;
        this.wrap = wrap;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int priority() {
        return -1;
    }

    @Override
    public boolean isAvailable() {
        return delegate.isAvailable();
    }

    @Override
    public Optional<Throwable> unavailabilityCause() {
        return delegate.unavailabilityCause();
    }

    @Override
    public LoopOps newLoop(LoopConfig config) {
        return wrap.apply(delegate.newLoop(config));
    }

    @Override
    public Sockets sockets() {
        return delegate.sockets();
    }

    /** Forwards everything but {@code fakePollIn}; override what should break. The default {@code fakePollIn} is the SPI's. */
    static class Ops implements LoopOps {
        final LoopOps delegate;

        Ops(LoopOps delegate) {
            this.delegate = delegate;
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
        public CompletionStage<Void> shutdown() {
            return delegate.shutdown();
        }
    }
}
