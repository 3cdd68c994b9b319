package dev.loopwork.nativeloop.glue;

import dev.loopwork.spi.Ready;
import io.netty.channel.IoHandlerFactory;

/**
 * What one native transport (epoll, kqueue) supplies to the shared loop: its poller, its sockets, and
 * how its registrations talk to the poller.
 *
 * <h2>Threads</h2>
 * {@link #newHandlerFactory()} and {@link #sockets()} may be called from any thread;
 * {@link #newRegistration} only on the loop thread of {@code loop}.
 */
public interface NativeBackend {

    /** The transport's name, e.g. {@code "epoll"}: used in thread names, messages and logs. */
    String name();

    /** A fresh factory of Netty {@code IoHandler}s for this poller, e.g. {@code EpollIoHandler.newFactory()}. */
    IoHandlerFactory newHandlerFactory();

    /** The sockets whose pollables this transport's loops watch. */
    UnixSockets sockets();

    /**
     * A new, not yet registered registration for {@code pollable} on {@code loop}. The object must
     * also implement the poller's Netty {@code IoHandle} type, since that is what the loop registers.
     */
    NativeRegistration newRegistration(NativeLoopOps loop, UnixPollable pollable, Ready ready);
}
