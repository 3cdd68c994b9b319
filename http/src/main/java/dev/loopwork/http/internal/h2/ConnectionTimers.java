package dev.loopwork.http.internal.h2;

import dev.loopwork.Cancellable;
import dev.loopwork.Loop;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The three timers of a connection. Idle: armed while no stream is open; when it fires the owner
 * closes or sends GOAWAY. Stall: armed while some response waits for the client's window; when it
 * fires the owner resets the responses that waited the whole period. Body rate: ticks every half
 * window while some stream still receives its request body; the owner resets the streams whose
 * client sent less than the minimum over a whole window. A generation number makes an
 * idle timer that fires after it was disarmed (a race with {@code cancel}) do nothing. Loop thread
 * only; a loop that stopped refuses to schedule, and then there is simply no timer.
 */
final class ConnectionTimers {

    /** What the timers do when they fire, each in a step of the connection. */
    interface Owner {
        Loop loop();

        void idleExpired();

        /** Returns whether responses still wait (then the stall timer runs again). */
        boolean stallExpired(long stallNanos);

        /** Returns whether streams still receive a body (then the rate timer runs again). */
        boolean rateTick();
    }

    private final Owner owner;
    private final Duration idle;
    private final Duration stall;
    private Cancellable idleTimer;
    private long idleGeneration;
    private Cancellable stallTimer;
    /** The body-rate tick in nanoseconds, 0 when the check is off. */
    private final long rateTick;
    private Cancellable rateTimer;

    /** @param rateWindow the body-rate window, or null when the minimum body rate is off */
    ConnectionTimers(Owner owner, Duration idle, Duration stall, Duration rateWindow) {
        this.owner = owner;
        this.idle = idle;
        this.stall = stall;
        this.rateTick = rateWindow == null ? 0 : Math.max(1, rateWindow.toNanos() / 2);
    }

    void armIdle() {
        disarmIdle();
        long g = ++idleGeneration;
        try {
            idleTimer = owner.loop().schedule(() -> {
                if (g == idleGeneration) {
                    owner.idleExpired();
                }
            }, idle.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            idleTimer = null;
        }
    }

    void disarmIdle() {
        idleGeneration++;
        if (idleTimer != null) {
            idleTimer.cancel();
            idleTimer = null;
        }
    }

    void armStall() {
        if (stallTimer != null) {
            return;
        }
        long nanos = stall.toNanos();
        try {
            stallTimer = owner.loop().schedule(() -> {
                stallTimer = null;
                if (owner.stallExpired(nanos)) {
                    armStall();
                }
            }, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            stallTimer = null;
        }
    }

    /** A stream started receiving a body: the rate tick runs until no stream does. */
    void armRate() {
        if (rateTimer != null || rateTick == 0) {
            return;
        }
        try {
            rateTimer = owner.loop().schedule(() -> {
                rateTimer = null;
                if (owner.rateTick()) {
                    armRate();
                }
            }, rateTick, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            rateTimer = null;
        }
    }

    void cancel() {
        disarmIdle();
        if (stallTimer != null) {
            stallTimer.cancel();
            stallTimer = null;
        }
        if (rateTimer != null) {
            rateTimer.cancel();
            rateTimer = null;
        }
    }

    @Override
    public String toString() {
        return "timers{idle " + (idleTimer != null ? "armed" : "off") + ", stall " + (stallTimer != null ? "armed" : "off")
                + ", rate " + (rateTimer != null ? "armed" : "off") + '}';
    }
}
