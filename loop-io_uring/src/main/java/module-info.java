/**
 * Linux io_uring loops over Netty 4.2's {@code IoUringIoHandler}: readiness through
 * {@code IORING_OP_POLL_ADD}, reads and writes as plain system calls on native sockets. Providers
 * {@code "io_uring"} (priority 50: above nio, below epoll, a thread per loop) and
 * {@code "io_uring-manual"} (never picked by {@code auto}; loops run by the application's thread).
 *
 * <p>On the module path the native library's jar is a module nobody requires; add it to the graph
 * with {@code --add-modules io.netty.transport.io_uring.linux.x86_64} (or {@code ...linux.aarch_64}).
 */
module dev.loopwork.iouring {
    requires transitive dev.loopwork.api;
    requires transitive dev.loopwork.nativecommon;
    requires io.netty.common;
    requires io.netty.transport;
    requires io.netty.transport.unix.common;
    requires io.netty.transport.classes.io_uring;
    requires org.slf4j;

    exports dev.loopwork.iouring;

    provides dev.loopwork.spi.LoopProvider with
            dev.loopwork.iouring.IoUringLoopProvider,
            dev.loopwork.iouring.IoUringManualLoopProvider;
}
