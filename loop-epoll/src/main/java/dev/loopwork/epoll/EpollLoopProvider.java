package dev.loopwork.epoll;

import dev.loopwork.nativeloop.glue.NativeProviderSupport;
import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.spi.Sockets;

import java.util.Optional;

/**
 * The {@code "epoll"} transport: Linux epoll through Netty 4.2's {@code EpollIoHandler}, one thread per
 * loop, with a native {@code fakePollIn}.
 *
 * <h2>Selection</h2>
 * Priority {@value #PRIORITY}, so {@code loopwork.transport=auto} picks it wherever Netty's native epoll
 * library loads (Linux on x86_64 or aarch64 with this module's dependencies). Elsewhere it reports
 * itself unavailable with Netty's reason ({@code Epoll.unavailabilityCause()}).
 */
public final class EpollLoopProvider implements LoopProvider {

    public static final String NAME = "epoll";
    public static final int PRIORITY = 100;

    private final NativeProviderSupport support = new NativeProviderSupport(NAME, PRIORITY,
            EpollAvailability::isAvailable, EpollAvailability::cause, EpollBackend::instance, null);

    /** For {@link java.util.ServiceLoader}; applications may also pass an instance to the group builder. */
    public EpollLoopProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public boolean isAvailable() {
        return support.isAvailable();
    }

    @Override
    public Optional<Throwable> unavailabilityCause() {
        return support.unavailabilityCause();
    }

    /** @throws dev.loopwork.TransportUnavailableException if epoll is not available here */
    @Override
    public LoopOps newLoop(LoopConfig config) {
        return support.newLoop(config);
    }

    /** @throws dev.loopwork.TransportUnavailableException if epoll is not available here */
    @Override
    public Sockets sockets() {
        return support.sockets();
    }

    @Override
    public String toString() {
        return "EpollLoopProvider{" + support + '}';
    }
}
