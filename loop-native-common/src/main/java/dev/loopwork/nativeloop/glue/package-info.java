/**
 * The machinery shared by loop-epoll and loop-kqueue; exported to those modules only.
 *
 * <h2>Shape</h2>
 * A transport supplies a {@link dev.loopwork.nativeloop.glue.NativeBackend}: Netty's {@code IoHandler}
 * factory for its poller, its {@link dev.loopwork.nativeloop.glue.UnixSockets}, and a
 * {@link dev.loopwork.nativeloop.glue.NativeRegistration} subclass that is also the Netty
 * {@code IoHandle} of its poller and turns the poller's events into READ/WRITE readiness. Everything
 * else is here: {@link dev.loopwork.nativeloop.glue.NativeLoopOps} (tasks, timers, registration,
 * {@code fakePollIn}, shutdown) over a Netty {@code SingleThreadIoEventLoop} or
 * {@code ManualIoEventLoop}, and non-blocking sockets over {@code io.netty.channel.unix.Socket}.
 *
 * <h2>Netty 4.2 gotchas handled here</h2>
 * <ul>
 *   <li>An exception that escapes {@code IoHandle.handle} makes Netty's handler log it and sleep for a
 *       second, dropping the rest of that batch: every callback is caught here.</li>
 *   <li>Netty's native reads and writes neither need nor move a buffer's position: the sockets here
 *       move it, and copy heap buffers through a per-thread direct buffer (the native code only takes
 *       direct memory).</li>
 *   <li>Netty's {@code finishConnect} says "done" while a connect is still in progress (it only reads
 *       SO_ERROR): the socket asks the peer's name to tell the two apart.</li>
 * </ul>
 */
package dev.loopwork.nativeloop.glue;
