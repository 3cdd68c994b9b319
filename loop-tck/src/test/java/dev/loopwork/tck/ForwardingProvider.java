package dev.loopwork.tck;

import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.spi.Registration;
import dev.loopwork.support.ForwardingLoopOps;
import dev.loopwork.support.ForwardingLoopProvider;

import java.util.function.UnaryOperator;

/**
 * A provider whose loops forward to another provider's, for the kit's self-tests: subclasses of
 * {@link Ops} break one thing on purpose (a lying {@code fakePollIn}, a leaked descriptor) so that
 * the tests can prove the kit notices.
 */
class ForwardingProvider extends ForwardingLoopProvider {

    private final UnaryOperator<LoopOps> wrap;
    private final String name;

    ForwardingProvider(LoopProvider delegate, UnaryOperator<LoopOps> wrap) {
        this(delegate.name() + "-forwarded", delegate, wrap);
    }

    /** With its own name: the kit measures timers once per provider class and name. */
    ForwardingProvider(String name, LoopProvider delegate, UnaryOperator<LoopOps> wrap) {
        super(delegate);
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
    protected LoopOps wrap(LoopOps loop, LoopConfig config) {
        return wrap.apply(loop);
    }

    /** Forwards everything but {@code fakePollIn}; override what should break. {@code fakePollIn} is the SPI's default (declined). */
    static class Ops extends ForwardingLoopOps {
        final LoopOps delegate;

        Ops(LoopOps delegate) {
            super(delegate);
            this.delegate = delegate;
        }

        @Override
        public boolean fakePollIn(Registration registration) {
            return false;
        }
    }
}
