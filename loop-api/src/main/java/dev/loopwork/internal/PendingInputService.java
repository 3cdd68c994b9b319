package dev.loopwork.internal;

import dev.loopwork.StalledInputException;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.Registration;

import java.util.concurrent.RejectedExecutionException;

/**
 * Gets buffered input served when no socket readiness will announce it: the {@code fakePollIn}
 * hook if the loop implements it, else a task on the loop. Never both, and never a lost wake-up:
 * the request flag is set before asking and cleared by whichever service runs first (a real read
 * readiness, the fake, or the task); a task that finds it cleared does nothing.
 *
 * <h2>No-progress guard</h2>
 * A service that started with serviceable input but moved no byte counts against the connection;
 * {@value #NO_PROGRESS_LIMIT} in a row fail it with {@link StalledInputException} instead of
 * letting it spin the loop.
 */
final class PendingInputService {

    static final int NO_PROGRESS_LIMIT = 1000;

    private final RealConnection conn;
    private final LoopOps ops;
    private final Runnable task = this::runTask;
    private boolean requested;
    private int noProgress;
    private long fakes;
    private long fallbacks;

    PendingInputService(RealConnection conn, LoopOps ops) {
        this.conn = conn;
        this.ops = ops;
    }

    /** Asks for a service of {@code registration} (loop thread). Coalesced until one runs. */
    void request(Registration registration) {
        if (requested) {
            return;
        }
        requested = true;
        if (ops.fakePollIn(registration)) {
            fakes++;
            return;
        }
        fallbacks++;
        try {
            ops.execute(task);
        } catch (RejectedExecutionException e) {
            RealConnection.log.debug("{}: loop has shut down; pending input not served", conn);
        }
    }

    /** A read readiness (real or fake) is being served now. */
    void served() {
        requested = false;
    }

    private void runTask() {
        if (requested) {
            requested = false;
            conn.drive();
        }
    }

    /** Applies the guard after a drive; throws when the connection made no progress too often. */
    void checkProgress(boolean pendingBefore, boolean progressed) throws StalledInputException {
        if (pendingBefore && !progressed) {
            if (++noProgress >= NO_PROGRESS_LIMIT) {
                throw new StalledInputException(NO_PROGRESS_LIMIT
                        + " services of pending input in a row moved no byte: " + conn);
            }
        } else {
            noProgress = 0;
        }
    }

    @Override
    public String toString() {
        return "fakes=" + fakes + ", fallbacks=" + fallbacks + (requested ? ", service requested" : "");
    }
}
