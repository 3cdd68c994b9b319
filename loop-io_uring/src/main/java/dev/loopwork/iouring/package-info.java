/**
 * Linux io_uring loops for Loopwork, over Netty 4.2's {@code IoUringIoHandler} as the loop and Netty's
 * native {@code Socket} for I/O; no Netty {@code Channel} or pipeline is involved.
 *
 * <h2>Providers</h2>
 * <ul>
 *   <li>{@link dev.loopwork.iouring.IoUringLoopProvider} ({@code "io_uring"}, priority 50: above nio,
 *       below epoll); each loop has a thread of its own.</li>
 *   <li>{@link dev.loopwork.iouring.IoUringManualLoopProvider} ({@code "io_uring-manual"}, priority -1,
 *       never picked automatically): each loop is run by a thread of the application, see
 *       {@link dev.loopwork.nativeloop.ManualLoopHost}.</li>
 * </ul>
 *
 * <h2>How io_uring is used</h2>
 * io_uring completes operations; Loopwork's SPI reports readiness. Readiness is had from one-shot
 * {@code IORING_OP_POLL_ADD} requests (one per direction in flight, re-armed after each completion while
 * the interest holds), and the core's reads, writes and accepts stay plain non-blocking system calls.
 * The module README explains the choice against multishot polls and against completion-based I/O.
 *
 * <h2>{@code fakePollIn}</h2>
 * Implemented natively: a queued fake makes the next {@code io_uring_enter} non-blocking and is delivered
 * right after the completions it reaped.
 */
package dev.loopwork.iouring;
