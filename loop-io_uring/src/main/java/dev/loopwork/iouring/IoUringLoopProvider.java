package dev.loopwork.iouring;

import dev.loopwork.nativeloop.glue.NativeLoopProvider;

/**
 * The {@code "io_uring"} transport: Linux io_uring through Netty 4.2's {@code IoUringIoHandler}, one
 * thread per loop, readiness from {@code IORING_OP_POLL_ADD}, reads and writes as plain system calls,
 * and a native {@code fakePollIn}.
 *
 * <h2>Selection</h2>
 * Priority {@value #PRIORITY}: above nio (10) and below epoll (100). {@code loopwork.transport=auto}
 * therefore picks it on Linux only where epoll is not on the class path or not available; nobody has
 * yet measured it at least as fast as epoll, which is the condition for ranking it higher. Picked by
 * name ({@code loopwork.transport=io_uring}) it runs wherever Netty's io_uring library loads (Linux
 * 5.9 or later on x86_64 or aarch64, io_uring allowed by {@code kernel.io_uring_disabled} and by any
 * seccomp filter). Elsewhere it reports itself unavailable with Netty's reason
 * ({@code IoUring.unavailabilityCause()}), prefixed by what {@code kernel.io_uring_disabled} says
 * when that sysctl is set.
 */
public final class IoUringLoopProvider extends NativeLoopProvider {

    public static final String NAME = "io_uring";
    public static final int PRIORITY = 50;

    /** For {@link java.util.ServiceLoader}; applications may also pass an instance to the group builder. */
    public IoUringLoopProvider() {
        super(NAME, PRIORITY, IoUringAvailability::isAvailable, IoUringAvailability::cause, IoUringBackend::instance, null);
    }
}
