package dev.loopwork.kqueue;

import dev.loopwork.nativeloop.glue.NativeLoopProvider;

/**
 * The {@code "kqueue"} transport: macOS/BSD kqueue through Netty 4.2's {@code KQueueIoHandler}, one thread
 * per loop, with a native {@code fakePollIn}.
 *
 * <h2>Selection</h2>
 * Priority {@value #PRIORITY}, so {@code loopwork.transport=auto} picks it wherever Netty's native kqueue
 * library loads (macOS on x86_64 or aarch64 with this module's dependencies; a BSD with a library built
 * for it). Elsewhere, Linux included, it reports itself unavailable with Netty's reason
 * ({@code KQueue.unavailabilityCause()}) and {@code auto} passes it by.
 */
public final class KQueueLoopProvider extends NativeLoopProvider {

    public static final String NAME = "kqueue";
    public static final int PRIORITY = 100;

    /** For {@link java.util.ServiceLoader}; applications may also pass an instance to the group builder. */
    public KQueueLoopProvider() {
        super(NAME, PRIORITY, KQueueAvailability::isAvailable, KQueueAvailability::cause, KQueueBackend::instance, null);
    }
}
