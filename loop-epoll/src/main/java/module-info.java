/**
 * Linux epoll loops over Netty 4.2's {@code EpollIoHandler} and native sockets: providers
 * {@code "epoll"} (priority 100, a thread per loop) and {@code "epoll-manual"} (never picked by
 * {@code auto}; loops run by the application's thread).
 *
 * <p>On the module path the native library's jar is a module nobody requires; add it to the graph
 * with {@code --add-modules io.netty.transport.epoll.linux.x86_64} (or {@code ...linux.aarch_64}).
 */
module dev.loopwork.epoll {
    requires transitive dev.loopwork.api;
    requires transitive dev.loopwork.nativecommon;
    requires io.netty.common;
    requires io.netty.transport;
    requires io.netty.transport.unix.common;
    requires io.netty.transport.classes.epoll;

    exports dev.loopwork.epoll;

    provides dev.loopwork.spi.LoopProvider with
            dev.loopwork.epoll.EpollLoopProvider,
            dev.loopwork.epoll.EpollManualLoopProvider;
}
