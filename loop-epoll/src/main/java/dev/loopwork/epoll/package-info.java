/**
 * Linux epoll loops for Loopwork, over Netty 4.2's {@code EpollIoHandler} as the readiness loop and
 * Netty's {@code LinuxSocket} for I/O; no Netty {@code Channel} or pipeline is involved.
 *
 * <h2>Providers</h2>
 * <ul>
 *   <li>{@link dev.loopwork.epoll.EpollLoopProvider} ({@code "epoll"}, priority 100): the one
 *       {@code loopwork.transport=auto} picks on Linux; each loop has a thread of its own.</li>
 *   <li>{@link dev.loopwork.epoll.EpollManualLoopProvider} ({@code "epoll-manual"}, priority -1, never
 *       picked automatically): each loop is run by a thread of the application, see
 *       {@link dev.loopwork.nativeloop.ManualLoopHost}.</li>
 * </ul>
 *
 * <h2>How epoll is used</h2>
 * Level-triggered. Interest READ is {@code EPOLLIN}, WRITE is {@code EPOLLOUT}; an error or hang-up
 * ({@code EPOLLERR}, {@code EPOLLHUP}) is reported as whichever of READ/WRITE the registration is
 * interested in, so that the core's next read or write meets the error. {@code EPOLLRDHUP} is never
 * asked for: a peer's FIN already makes the socket readable, and asking for it while reading is paused
 * would make epoll report it again and again. With no interest at all the descriptor stays in the epoll
 * set as {@code EPOLLERR | EPOLLET} (edge-triggered: an error wakes the loop at most once), because
 * Netty removes a descriptor that is given no events and then fails to add interest back.
 *
 * <h2>{@code fakePollIn}</h2>
 * Implemented natively: a queued fake makes the next {@code epoll_wait} non-blocking and is delivered
 * right after it.
 */
package dev.loopwork.epoll;
