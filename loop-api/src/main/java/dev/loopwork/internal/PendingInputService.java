package dev.loopwork.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * The guard catches the core spinning on its own: a service the core asked for, that started with
 * serviceable input and moved nothing, counts one; {@value #NO_PROGRESS_LIMIT} in a row fail the
 * connection with {@link StalledInputException}. Anything from outside the core between two services
 * resets the count ({@link #outsideEvent()}): the application resuming from a timer or another
 * thread, a readiness the core did not ask for, a write from outside a callback. So a slow handler
 * that leaves its bytes, pauses and resumes later is never closed, however often it does so, while
 * a handler that pauses and resumes inside its own callback without taking a byte is caught.
 */
final class PendingInputService {

    private static final Logger log = LoggerFactory.getLogger(PendingInputService.class);

    static final int NO_PROGRESS_LIMIT = 1000;

    private final Runnable serve;
    private final LoopOps ops;
    private final PendingInputCounters counters;
    private final Runnable task = this::runTask;
    private boolean requested;
    private int noProgress;
    private long fakes;
    private long fallbacks;

    /** {@code serve} drives the connection as a service (loop thread); {@code counters}: the group's. */
    PendingInputService(Runnable serve, LoopOps ops, PendingInputCounters counters) {
        this.serve = serve;
        this.ops = ops;
        this.counters = counters;
    }

    /** Asks for a service of {@code registration} (loop thread). Coalesced until one runs. */
    void request(Registration registration) {
        if (requested) {
            return;
        }
        requested = true;
        if (ops.fakePollIn(registration)) {
            fakes++;
            counters.fake();
            return;
        }
        fallbacks++;
        counters.fallback();
        try {
            ops.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("loop has shut down; pending input not served");
        }
    }

    /**
     * A read readiness (real or fake) is being served now. Returns whether a service had been asked
     * for, so that this readiness counts as one.
     */
    boolean served() {
        boolean was = requested;
        requested = false;
        return was;
    }

    private void runTask() {
        if (requested) {
            requested = false;
            serve.run();
        }
    }

    /** Something from outside the core happened: the guard starts counting again. */
    void outsideEvent() {
        noProgress = 0;
    }

    /**
     * Applies the guard after a drive. Only a service the core asked for, that started with
     * serviceable input and moved nothing, counts.
     */
    void checkProgress(boolean asService, boolean pendingBefore, boolean progressed) throws StalledInputException {
        if (progressed) {
            noProgress = 0;
        } else if (asService && pendingBefore && ++noProgress >= NO_PROGRESS_LIMIT) {
            throw new StalledInputException(NO_PROGRESS_LIMIT + " services of pending input in a row moved no "
                    + "byte, with nothing from outside (resume, readiness, write) in between");
        }
    }

    @Override
    public String toString() {
        return "fakes=" + fakes + ", fallbacks=" + fallbacks + (requested ? ", service requested" : "")
                + (noProgress > 0 ? ", noProgress=" + noProgress : "");
    }
}
