/**
 * Glue shared by the native loops (epoll, kqueue): a {@link dev.loopwork.spi.LoopOps} over Netty 4.2's
 * {@code IoHandler} API, with no Netty {@code Channel} or pipeline in the path.
 *
 * <p>{@code dev.loopwork.nativeloop} is public API: {@link dev.loopwork.nativeloop.ManualLoop} and
 * {@link dev.loopwork.nativeloop.ManualLoopHost}, for applications that drive a loop from their own
 * thread. {@code dev.loopwork.nativeloop.glue} is exported to the transport modules only.
 */
module dev.loopwork.nativecommon {
    requires transitive dev.loopwork.api;
    requires io.netty.common;
    requires io.netty.transport;
    requires io.netty.transport.unix.common;

    exports dev.loopwork.nativeloop;
    exports dev.loopwork.nativeloop.glue to dev.loopwork.epoll, dev.loopwork.kqueue, dev.loopwork.iouring;
}
