package dev.loopwork.nativeloop.glue;

import dev.loopwork.nativeloop.ManualLoopHost;
import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.spi.Sockets;

import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one {@link LoopProvider} of every native transport, plain or manual: a transport's provider
 * class only names itself and passes its availability check and backend to the constructor (it must
 * still be a class of its own, with a public no-argument constructor, for
 * {@link java.util.ServiceLoader}). Availability, the one-line unavailability cause and the choice
 * between threaded and manual loops are {@link NativeProviderSupport}'s.
 */
public abstract class NativeLoopProvider implements LoopProvider {

    private final NativeProviderSupport support;

    /**
     * @param available asked each time (Netty loads its library once)
     * @param cause     Netty's unavailability cause
     * @param backend   called only once available; should return one shared backend
     * @param host      {@code null} for loops on their own threads, else where manual loops go
     */
    protected NativeLoopProvider(String name, int priority, BooleanSupplier available, Supplier<Throwable> cause,
                                 Supplier<NativeBackend> backend, ManualLoopHost host) {
        this.support = new NativeProviderSupport(name, priority, available, cause, backend, host);
    }

    @Override
    public final String name() {
        return support.name();
    }

    @Override
    public final int priority() {
        return support.priority();
    }

    @Override
    public final boolean isAvailable() {
        return support.isAvailable();
    }

    @Override
    public final Optional<Throwable> unavailabilityCause() {
        return support.unavailabilityCause();
    }

    /**
     * A new loop; a manual provider hands it to its host before returning.
     *
     * @throws dev.loopwork.TransportUnavailableException if the transport is not available here
     */
    @Override
    public final LoopOps newLoop(LoopConfig config) {
        return support.newLoop(config);
    }

    /** @throws dev.loopwork.TransportUnavailableException if the transport is not available here */
    @Override
    public final Sockets sockets() {
        return support.sockets();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + '{' + support + '}';
    }
}
