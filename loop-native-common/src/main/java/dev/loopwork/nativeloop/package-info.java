/**
 * Hosting a native loop on the application's own thread.
 *
 * <p>The epoll and kqueue transports each come in two forms. The plain one ({@code "epoll"},
 * {@code "kqueue"}) runs every loop on a thread of its own. The manual one ({@code "epoll-manual"},
 * {@code "kqueue-manual"}) hands each loop it makes to a {@link dev.loopwork.nativeloop.ManualLoopHost}
 * as a {@link dev.loopwork.nativeloop.ManualLoop}: some thread of the application then runs it, between
 * its own pieces of work, over Netty 4.2's {@code ManualIoEventLoop}.
 */
package dev.loopwork.nativeloop;
