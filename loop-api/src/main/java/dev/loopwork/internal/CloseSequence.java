package dev.loopwork.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.loopwork.Cancellable;
import dev.loopwork.ConnectionOptions;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.NetSocket;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The output half close and the graceful close of one connection, as a small state machine run on
 * the loop thread by the connection's driver.
 *
 * <h2>Phases</h2>
 * <pre>
 *   OPEN --shutdownOutput/close--> FLUSHING --queue and stages drained, FIN sent--> OUTPUT_SHUT
 *   OUTPUT_SHUT --close--> DRAINING --peer FIN, drain limit or drain timeout--> DONE (clean)
 *   any phase of a close --closeTimeout--> DONE (reset: the owner reports CloseTimeoutException)
 * </pre>
 * A half close stops at {@code OUTPUT_SHUT}; a close goes on from wherever it finds the output.
 *
 * <h2>Half close</h2>
 * {@link #requestOutputShutdown} lets every stage finish its output (TLS close_notify); once the
 * write side has drained, {@link #maybeShutdownOutput} sends FIN.
 *
 * <h2>Graceful close</h2>
 * FIN first (as above), then the lingering drain: input is read and thrown away until the peer's
 * FIN, {@code drainMaxBytes} or {@code drainTimeout}, so that a peer still sending reads our last
 * answer instead of a reset (RFC 9112 §9.6). The whole close is bounded by {@code closeTimeout}.
 */
final class CloseSequence {

    private static final Logger log = LoggerFactory.getLogger(CloseSequence.class);

    enum Phase { OPEN, FLUSHING, OUTPUT_SHUT, DRAINING, DONE }

    /** What the close needs of its connection: to be ended, cleanly or by the timeout. */
    interface Owner {
        /** The drain is over and every byte went out: end the connection cleanly. */
        void closeCompleted();

        /** {@code closeTimeout} passed before the close was over: reset the connection. */
        void closeTimedOut();
    }

    private final Owner owner;
    private final NetSocket socket;
    private final LoopOps ops;
    private final ConnectionOptions options;
    private Phase phase = Phase.OPEN;
    /** Whether a full close (not only a half close) was asked for. */
    private boolean closing;
    private long drained;
    private Cancellable closeTimer;
    private Cancellable drainTimer;

    CloseSequence(Owner owner, NetSocket socket, LoopOps ops, ConnectionOptions options) {
        this.owner = owner;
        this.socket = socket;
        this.ops = ops;
        this.options = options;
    }

    Phase phase() {
        return phase;
    }

    /** Ends the output through the stages ({@link Outbound#close()}); FIN follows once it is flushed. Idempotent. */
    void requestOutputShutdown(Outbound out) {
        if (phase == Phase.OPEN) {
            phase = Phase.FLUSHING;
            out.close();
        }
    }

    /** Sends FIN once output shutdown was asked for and the write side is drained. */
    boolean maybeShutdownOutput(Outbound out) throws IOException {
        if (phase != Phase.FLUSHING || !out.drained()) {
            return false;
        }
        socket.shutdownOutput();
        phase = Phase.OUTPUT_SHUT;
        return true;
    }

    boolean outputShutdownDone() {
        return phase.compareTo(Phase.OUTPUT_SHUT) >= 0;
    }

    boolean draining() {
        return phase == Phase.DRAINING;
    }

    /**
     * Moves the graceful close on: starts it (timer, output shutdown), starts the drain after FIN,
     * and ends the connection when the drain is over. Returns whether the state changed.
     */
    boolean advance(Inbound in, Outbound out) {
        boolean moved = false;
        if (!closing) {
            closing = true;
            moved = true;
            closeTimer = ops.schedule(this::onCloseTimeout, options.closeTimeout().toNanos(), TimeUnit.NANOSECONDS);
            requestOutputShutdown(out);
        }
        if (phase == Phase.OUTPUT_SHUT) {
            phase = Phase.DRAINING;
            moved = true;
            drainTimer = ops.schedule(this::onDrainTimeout, options.drainTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }
        if (phase == Phase.DRAINING && (in.socketEof() || drained >= options.drainMaxBytes())) {
            phase = Phase.DONE;
            owner.closeCompleted();
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

    /** The drain waited long enough for the peer's FIN: every byte went out before FIN, so it is still clean. */
    private void onDrainTimeout() {
        if (phase == Phase.DRAINING) {
            phase = Phase.DONE;
            owner.closeCompleted();
        }
    }

    private void onCloseTimeout() {
        if (phase != Phase.DONE) {
            log.debug("graceful close did not finish within {} ({}); resetting", options.closeTimeout(),
                    this);
            phase = Phase.DONE;
            owner.closeTimedOut();
        }
    }

    /** The connection ended by other means: stop the timers. */
    void ended() {
        phase = Phase.DONE;
        if (closeTimer != null) {
            closeTimer.cancel();
        }
        if (drainTimer != null) {
            drainTimer.cancel();
        }
    }

    @Override
    public String toString() {
        return phase == Phase.OPEN ? "" : (closing ? "close=" : "output=") + phase
                + (phase == Phase.DRAINING ? "(" + drained + " bytes)" : "");
    }
}
