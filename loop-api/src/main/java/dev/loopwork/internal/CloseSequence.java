package dev.loopwork.internal;

import dev.loopwork.Cancellable;
import dev.loopwork.ConnectionOptions;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.NetSocket;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The output half close and the graceful close of one connection, as a small state machine run by
 * {@link RealConnection#drive()} on the loop thread.
 *
 * <h2>Half close</h2>
 * {@link #requestOutputShutdown()} lets every stage finish its output (TLS close_notify); once the
 * write side has drained, {@link #maybeShutdownOutput()} sends FIN.
 *
 * <h2>Graceful close</h2>
 * FIN first (as above), then the lingering drain: input is read and thrown away until the peer's
 * FIN, {@code drainMaxBytes} or {@code drainTimeout}, so that a peer still sending reads our last
 * answer instead of a reset (RFC 9112 §9.6). The whole close is bounded by {@code closeTimeout},
 * after which the connection is aborted.
 */
final class CloseSequence {

    private final RealConnection conn;
    private final NetSocket socket;
    private final LoopOps ops;
    private final ConnectionOptions options;
    private boolean outputShutdownRequested;
    private boolean outputShutdownDone;
    private boolean closing;
    private boolean draining;
    private long drained;
    private Cancellable closeTimer;
    private Cancellable drainTimer;

    CloseSequence(RealConnection conn, NetSocket socket, LoopOps ops, ConnectionOptions options) {
        this.conn = conn;
        this.socket = socket;
        this.ops = ops;
        this.options = options;
    }

    /** Ends the output through the stages ({@link Outbound#close()}); FIN follows once it is flushed. Idempotent. */
    void requestOutputShutdown(Outbound out) {
        if (!outputShutdownRequested) {
            outputShutdownRequested = true;
            out.close();
        }
    }

    /** Sends FIN once output shutdown was asked for and the write side is drained. */
    boolean maybeShutdownOutput(Outbound out) throws IOException {
        if (!outputShutdownRequested || outputShutdownDone || !out.drained()) {
            return false;
        }
        socket.shutdownOutput();
        outputShutdownDone = true;
        return true;
    }

    boolean outputShutdownDone() {
        return outputShutdownDone;
    }

    boolean draining() {
        return draining;
    }

    /**
     * Moves the graceful close on: starts it (timer, output shutdown), starts the drain after FIN,
     * and finishes the connection when the drain is over. Returns whether the state changed.
     */
    boolean advance(Inbound in, Outbound out) {
        boolean moved = false;
        if (!closing) {
            closing = true;
            moved = true;
            closeTimer = ops.schedule(this::onCloseTimeout, options.closeTimeout().toNanos(), TimeUnit.NANOSECONDS);
            requestOutputShutdown(out);
        }
        if (!outputShutdownDone) {
            return moved;
        }
        if (!draining) {
            draining = true;
            moved = true;
            drainTimer = ops.schedule(() -> conn.finish(null, false), options.drainTimeout().toNanos(),
                    TimeUnit.NANOSECONDS);
        }
        if (in.socketEof() || drained >= options.drainMaxBytes()) {
            conn.finish(null, false);
            return true;
        }
        return moved;
    }

    /** Reads and discards input during the drain; returns whether anything happened. */
    boolean drain(Inbound in) throws IOException {
        if (in.socketEof()) {
            return false;
        }
        long r = in.discard(options.drainMaxBytes() - drained);
        if (r > 0) {
            drained += r;
        }
        return r != 0;
    }

    private void onCloseTimeout() {
        if (conn.isOpenOrClosing()) {
            RealConnection.log.debug("{}: graceful close did not finish within {}; aborting", conn,
                    options.closeTimeout());
            conn.finish(null, true);
        }
    }

    void cancelTimers() {
        if (closeTimer != null) {
            closeTimer.cancel();
        }
        if (drainTimer != null) {
            drainTimer.cancel();
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (outputShutdownDone) {
            sb.append(", FIN sent");
        } else if (outputShutdownRequested) {
            sb.append(", FIN requested");
        }
        if (draining) {
            sb.append(", draining=").append(drained);
        }
        return sb.toString();
    }
}
