package dev.loopwork.internal;

import dev.loopwork.Cancellable;
import dev.loopwork.ClosedException;
import dev.loopwork.Connection;
import dev.loopwork.ConnectionInitializer;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.NetSocket;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The client side of a connection before it is set up: the pending connect, its timeout, and the
 * future {@code LoopGroup.connect} returned, which completes once the handler's {@code onOpen} ran
 * (or fails with the reason the connection ended before that).
 */
final class ClientConnect {

    /** What the connect needs of its connection's driver. */
    interface Owner {
        void initialize(ConnectionInitializer initializer);

        void finish(Throwable cause);

        boolean isClosed();
    }

    private final Owner owner;
    private final NetSocket socket;
    private final CompletableFuture<Connection> opened;
    private ConnectionInitializer initializer;
    private Cancellable timer;

    ClientConnect(Owner owner, NetSocket socket, ConnectionInitializer initializer, CompletableFuture<Connection> opened) {
        this.owner = owner;
        this.socket = socket;
        this.initializer = initializer;
        this.opened = opened;
    }

    /** Starts the connect timeout (loop thread). */
    void start(LoopOps ops, Duration timeout) {
        if (owner.isClosed()) {
            return;
        }
        timer = ops.schedule(() -> {
            if (initializer != null) {
                owner.finish(new ConnectException("connect to " + socket + " timed out after " + timeout));
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The socket reported readiness while connecting: finish the connect and set the connection up. */
    void ready() {
        try {
            if (!socket.finishConnect()) {
                return;
            }
        } catch (IOException e) {
            owner.finish(e);
            return;
        }
        cancelTimer();
        ConnectionInitializer i = initializer;
        initializer = null;
        owner.initialize(i);
    }

    void opened(Connection c) {
        opened.complete(c);
    }

    void closed(Connection c, Throwable cause) {
        cancelTimer();
        if (!opened.isDone()) {
            opened.completeExceptionally(cause != null ? cause
                    : new ClosedException("connection " + c.id() + " closed before it was open"));
        }
    }

    void cancelTimer() {
        if (timer != null) {
            timer.cancel();
        }
    }
}
