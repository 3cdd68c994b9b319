/**
 * macOS/BSD kqueue loops for Loopwork, over Netty 4.2's {@code KQueueIoHandler} as the readiness loop
 * and Netty's native sockets for I/O; no Netty {@code Channel} or pipeline is involved.
 *
 * <h2>Providers</h2>
 * <ul>
 *   <li>{@link dev.loopwork.kqueue.KQueueLoopProvider} ({@code "kqueue"}, priority 100): the one
 *       {@code loopwork.transport=auto} picks where kqueue is available; a thread per loop.</li>
 *   <li>{@link dev.loopwork.kqueue.KQueueManualLoopProvider} ({@code "kqueue-manual"}, priority -1):
 *       loops run by a thread of the application, see {@link dev.loopwork.nativeloop.ManualLoopHost}.</li>
 * </ul>
 * Where Netty's kqueue library does not load (Linux, Windows) both report themselves unavailable
 * with {@code KQueue.unavailabilityCause()} and are never picked.
 *
 * <h2>How kqueue is used</h2>
 * Level-triggered (no {@code EV_CLEAR}). Interest READ is an enabled {@code EVFILT_READ} filter, WRITE
 * an enabled {@code EVFILT_WRITE}; each is added or deleted only when the interest changes. Each filter
 * fires as its own event; {@code EV_EOF} (peer closed, or an error) comes on the filter that is
 * enabled, so the core's next read or write meets it. Netty's cancel does not touch the kernel, so a
 * cancel first deletes the enabled filters; Netty hands kqueue its changes in the next
 * {@code kevent} call, and closing the descriptor before then removes its filters anyway.
 *
 * <h2>Sockets</h2>
 * Netty's {@code BsdSocket} is package-private, so sockets here are {@code KQueueSocket}s, a subclass of
 * the public {@code io.netty.channel.unix.Socket}; nothing this transport uses needs the BSD extras.
 *
 * <h2>{@code fakePollIn}</h2>
 * Implemented natively: a queued fake makes the next {@code kevent} non-blocking and is delivered
 * right after it.
 */
package dev.loopwork.kqueue;
