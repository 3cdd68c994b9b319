package dev.loopwork.kqueue;

import dev.loopwork.nativeloop.glue.NativeProviderSupport;
import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.spi.Sockets;

import java.util.Optional;

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
public final class KQueueLoopProvider implements LoopProvider {

    public static final String NAME = "kqueue";
    public static final int PRIORITY = 100;

    private final NativeProviderSupport support = new NativeProviderSupport(NAME, PRIORITY,
            KQueueAvailability::isAvailable, KQueueAvailability::cause, KQueueBackend::instance, null);

    /** For {@link java.util.ServiceLoader}; applications may also pass an instance to the group builder. */
    public KQueueLoopProvider() {
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

    /** @throws dev.loopwork.TransportUnavailableException if kqueue is not available here */
    @Override
    public LoopOps newLoop(LoopConfig config) {
        return support.newLoop(config);
    }

    /** @throws dev.loopwork.TransportUnavailableException if kqueue is not available here */
    @Override
    public Sockets sockets() {
        return support.sockets();
    }

    @Override
    public String toString() {
        return "KQueueLoopProvider{" + support + '}';
    }
}
