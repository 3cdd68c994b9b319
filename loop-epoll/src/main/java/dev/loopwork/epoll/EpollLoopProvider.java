package dev.loopwork.epoll;

import dev.loopwork.nativeloop.glue.NativeLoopProvider;

/**
 * The {@code "epoll"} transport: Linux epoll through Netty 4.2's {@code EpollIoHandler}, one thread per
 * loop, with a native {@code fakePollIn}.
 *
 * <h2>Selection</h2>
 * Priority {@value #PRIORITY}, so {@code loopwork.transport=auto} picks it wherever Netty's native epoll
 * library loads (Linux on x86_64 or aarch64 with this module's dependencies). Elsewhere it reports
 * itself unavailable with Netty's reason ({@code Epoll.unavailabilityCause()}).
 */
public final class EpollLoopProvider extends NativeLoopProvider {

    public static final String NAME = "epoll";
    public static final int PRIORITY = 100;

    /** For {@link java.util.ServiceLoader}; applications may also pass an instance to the group builder. */
    public EpollLoopProvider() {
        super(NAME, PRIORITY, EpollAvailability::isAvailable, EpollAvailability::cause, EpollBackend::instance, null);
    }
}
