package dev.loopwork.http.internal.h2;

import dev.loopwork.Cancellable;
import dev.loopwork.Loop;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The two timers of a connection. Idle: armed while no stream is open; when it fires the owner
 * closes or sends GOAWAY. Stall: armed while some response waits for the client's window; when it
 * fires the owner resets the responses that waited the whole period. A generation number makes an
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
    }

    private final Owner owner;
    private final Duration idle;
    private final Duration stall;
    private Cancellable idleTimer;
    private long idleGeneration;
    private Cancellable stallTimer;

    ConnectionTimers(Owner owner, Duration idle, Duration stall) {
        this.owner = owner;
        this.idle = idle;
        this.stall = stall;
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

    void cancel() {
        disarmIdle();
        if (stallTimer != null) {
            stallTimer.cancel();
            stallTimer = null;
        }
    }

    @Override
    public String toString() {
        return "timers{idle " + (idleTimer != null ? "armed" : "off") + ", stall " + (stallTimer != null ? "armed" : "off")
                + '}';
    }
}
