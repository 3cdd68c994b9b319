package dev.loopwork.internal;

import dev.loopwork.Connection;
import dev.loopwork.ConnectionInitializer;
import dev.loopwork.spi.Interest;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.NetSocket;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * The life of a connection around its {@link DriveLoop}: setup (accept or connect, the initializer,
 * the stages), the close protocol's entry points (half close, graceful close, abort, failure, the
 * shutdown deadline, a dead loop) and the end, where {@link ConnectionEnd} picks the cause the
 * handler is told. {@link RealConnection} is the public facade any thread may call; it hands
 * everything that changes state to this class on the loop thread. The phases are
 * {@link DriveLoop.Phase}; {@code toString} dumps all of the state for debugging.
 */
final class ConnectionDriver extends DriveLoop implements ClientConnect.Owner {

    private final RealLoopGroup group;
    private final ConnectionEnd end;
    /** The pending connect of a client connection, until it is set up; null for a server's. */
    private ClientConnect connect;

    ConnectionDriver(RealConnection conn, RealLoopGroup group, LoopOps ops, NetSocket socket, boolean client) {
        super(conn, ops, socket, group.options(), client ? Phase.CONNECTING : Phase.HANDSHAKING);
        this.group = group;
        this.end = new ConnectionEnd(conn, socket);
    }

    // ---- setup (loop thread) ----

    /** Registers an accepted socket and sets it up with {@code initializer}. */
    void accepted(ConnectionInitializer initializer) {
        registration = ops.register(socket, 0, this);
        group.added(conn);
        initialize(initializer);
    }

    /** Registers a connecting socket; sets it up once the connect has finished. */
    void connecting(ConnectionInitializer initializer, CompletableFuture<Connection> opened) {
        connect = new ClientConnect(this, socket, initializer, opened);
        registration = ops.register(socket, Interest.WRITE, this);
        group.added(conn);
        connect.start(ops, options.connectTimeout());
    }

    @Override
    public boolean isClosed() {
        return phase == Phase.CLOSED;
    }

    Outbound outbound() {
        ConnectionParts p = parts;
        return p == null ? null : p.out;
    }

    @Override
    void connectReady() {
        connect.ready();
    }

    @Override
    void opened() {
        if (connect != null) {
            connect.opened(conn);
        }
    }

    @Override
    boolean callbackFailed(Throwable t) {
        return end.failed(t);
    }

    /** Runs the initializer, starts the stages, and drives the first bytes. */
    @Override
    public void initialize(ConnectionInitializer initializer) {
        if (phase == Phase.CLOSED) {
            return; // the group started shutting down while this connection was being set up
        }
        phase = Phase.HANDSHAKING;
        ConnectionParts p;
        try {
            p = ConnectionParts.build(initializer, new RealSetup(conn), this, socket, group.buffers(), options);
        } catch (Throwable t) {
            RealConnection.log.warn("{}: initializer failed; closing this connection", conn, t);
            finish(t);
            return;
        }
        in = p.in;
        out = p.out;
        parts = p;
        try {
            p.startStages(new RealStageContext(conn));
        } catch (Throwable t) {
            fail(t);
            return;
        }
        drive(false);
    }

    /** Half close (loop thread): seal the output, let the stages finish, FIN after the last byte. */
    void shutdownOutput() {
        if (phase == Phase.CLOSED || parts == null) {
            return;
        }
        out.seal("connection " + conn.id() + " cannot be written: output was shut down");
        close.requestOutputShutdown(out);
        flushPending = true;
        drive(false);
    }

    /** Graceful close (loop thread). */
    void close() {
        if (phase == Phase.CLOSED || isTerminating()) {
            return;
        }
        if (phase == Phase.CONNECTING || parts == null) {
            finish(null);
            return;
        }
        out.seal("connection " + conn.id() + " cannot be written: output was closed");
        phase = Phase.CLOSING;
        drive(false);
    }

    /** Abortive close for {@code reason} (loop thread); the cause is made when the connection ends. */
    void abort(ConnectionEnd.Reason reason) {
        if (phase == Phase.CLOSED) {
            return;
        }
        end.abortFor(reason);
        phase = Phase.ABORTING;
        if (driveState != DriveState.IDLE) {
            driveState = DriveState.AGAIN;
        } else {
            finish(null);
        }
    }

    /**
     * Ends the connection from outside its loop, which no longer runs tasks: only the group's
     * watchdog calls this, when the loop did not act on the shutdown deadline.
     */
    void forceClose() {
        if (phase == Phase.CLOSED) {
            return;
        }
        end.abortFor(ConnectionEnd.Reason.LOOP_FAILED);
        phase = Phase.ABORTING;
        driveState = DriveState.IDLE;
        finish(null);
    }

    @Override
    public void closeCompleted() {
        finish(null);
    }

    @Override
    public void closeTimedOut() {
        abort(ConnectionEnd.Reason.CLOSE_TIMEOUT);
    }

    /** Fails the connection: logs once, resets it, reports {@code cause} to the handler. */
    @Override
    void fail(Throwable cause) {
        if (phase == Phase.CLOSED) {
            return;
        }
        if (end.failed(cause)) {
            if (cause instanceof IOException) {
                RealConnection.log.debug("{}: closed by I/O error: {}", conn, cause.toString());
            } else {
                RealConnection.log.warn("{}: failed; closing this connection", conn, cause);
            }
        }
        phase = Phase.ABORTING;
        if (driveState != DriveState.IDLE) {
            // Buffers are in use further up the stack: finish once the current pass unwinds.
            driveState = DriveState.AGAIN;
            return;
        }
        finish(null);
    }

    /**
     * Ends the connection: releases everything and tells the handler, once. A clean end only comes
     * from the graceful close or a connect that never completed; any other way resets the socket.
     */
    @Override
    public void finish(Throwable cause) {
        if (phase == Phase.CLOSED) {
            return;
        }
        if (cause != null) {
            end.failed(cause);
        }
        boolean clean = phase != Phase.ABORTING && !end.hasCause();
        phase = Phase.CLOSED;
        close.ended();
        if (connect != null) {
            connect.cancelTimer();
        }
        try {
            if (registration != null) {
                registration.cancel();
            }
        } catch (RuntimeException e) {
            RealConnection.log.debug("{}: cancelling the registration failed", conn, e);
        }
        long unsent = out == null ? 0 : out.unsentBytes();
        Throwable reported = end.cause(unsent, close.phase());
        end.closeSocket(clean && reported == null);
        ConnectionParts p = parts;
        if (p != null) {
            p.release(conn, "connection " + conn.id() + " cannot be written: it is closed");
        }
        group.removed(conn);
        if (p != null) {
            try {
                p.handler.onClosed(conn, reported);
            } catch (Throwable t) {
                RealConnection.log.warn("{}: onClosed threw", conn, t);
            }
        }
        if (connect != null) {
            connect.closed(conn, reported);
        }
        conn.closed();
    }


    /** The group is shutting down: let the handler finish (loop thread). */
    void shutdownRequested() {
        if (phase == Phase.CLOSED || isTerminating()) {
            return;
        }
        if (parts == null || phase != Phase.OPEN) {
            close();
            return;
        }
        driveState = DriveState.DRIVING;
        try {
            callback(HandlerCall.SHUTDOWN, null);
        } finally {
            driveState = DriveState.IDLE;
        }
        drive(false);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(phase);
        if (driveState != DriveState.IDLE) {
            sb.append(", ").append(driveState);
        }
        if (conn.isReadingPaused()) {
            sb.append(", paused");
        }
        String c = close.toString();
        if (!c.isEmpty()) {
            sb.append(", ").append(c);
        }
        if (inputShutdownDelivered) {
            sb.append(", input ended");
        }
        if (registration != null && registration.isValid()) {
            sb.append(", interest=").append(Interest.toString(registration.interest()));
        }
        sb.append(", ").append(service).append(end);
        if (parts != null) {
            sb.append(", ").append(parts);
        }
        return sb.toString();
    }
}
