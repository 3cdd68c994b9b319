package dev.loopwork.support;

import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.spi.Sockets;

import java.util.Objects;
import java.util.Optional;

/**
 * A provider that forwards everything to another one: the base of a decorator that observes or
 * changes a few things (counts, injected faults, a hidden hook) and leaves the rest as it is.
 * Override {@link #wrap} to decorate each loop (with a {@link ForwardingLoopOps}), or any method.
 */
public class ForwardingLoopProvider implements LoopProvider {

    private final LoopProvider delegate;

    public ForwardingLoopProvider(LoopProvider delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The provider this one forwards to. */
    public LoopProvider delegate() {
        return delegate;
    }

    /** The loop {@link #newLoop} hands out for {@code loop}, the delegate's; by default {@code loop} itself. */
    protected LoopOps wrap(LoopOps loop, LoopConfig config) {
        return loop;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public int priority() {
        return delegate.priority();
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
        return wrap(delegate.newLoop(config), config);
    }

    @Override
    public Sockets sockets() {
        return delegate.sockets();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + '{' + delegate.name() + '}';
    }
}
