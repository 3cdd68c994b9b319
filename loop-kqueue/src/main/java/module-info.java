/**
 * macOS/BSD kqueue loops over Netty 4.2's {@code KQueueIoHandler} and native sockets: providers
 * {@code "kqueue"} (priority 100, a thread per loop) and {@code "kqueue-manual"} (never picked by
 * {@code auto}; loops run by the application's thread). Unavailable, with Netty's reason, elsewhere.
 *
 * <p>On the module path the native library's jar is a module nobody requires; add it to the graph
 * with {@code --add-modules io.netty.transport.kqueue.osx.aarch_64} (or {@code ...osx.x86_64}).
 */
module dev.loopwork.kqueue {
    requires transitive dev.loopwork.api;
    requires transitive dev.loopwork.nativecommon;
    requires io.netty.common;
    requires io.netty.transport;
    requires io.netty.transport.unix.common;
    requires io.netty.transport.classes.kqueue;

    exports dev.loopwork.kqueue;

    provides dev.loopwork.spi.LoopProvider with
            dev.loopwork.kqueue.KQueueLoopProvider,
            dev.loopwork.kqueue.KQueueManualLoopProvider;
}
