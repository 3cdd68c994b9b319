package dev.loopwork.http.internal;

import dev.loopwork.Cancellable;
import dev.loopwork.Loop;
import dev.loopwork.http.HttpTimeouts;

import java.util.concurrent.TimeUnit;

/**
 * The one timer of a connection, re-armed as the connection changes phase: idle, head, body rate,
 * linger. A stale firing (its phase changed before the cancel took effect) is recognized by a
 * generation number and ignored. Loop thread only.
 */
final class Watchdog {

    enum Kind { NONE, IDLE, HEAD, BODY, LINGER }

    /** What the connection does when a timer fires. */
    interface Listener {
        void onTimeout(Kind kind);
    }

    private final HttpTimeouts timeouts;
    private final Listener listener;
    private Loop loop;
    private Kind kind = Kind.NONE;
    private Cancellable task;
    private long generation;
    /** Body bytes at the start of the current rate window. */
    private long windowStart;

    Watchdog(HttpTimeouts timeouts, Listener listener) {
        this.timeouts = timeouts;
        this.listener = listener;
    }

    void start(Loop loop) {
        this.loop = loop;
    }

    void idle() {
        arm(Kind.IDLE, timeouts.idle().toNanos());
    }

    /** The first byte of a head arrived; a no-op if the head timer already runs. */
    void head() {
        if (kind != Kind.HEAD) {
            arm(Kind.HEAD, timeouts.head().toNanos());
        }
    }

    /** Starts a new body-rate window at {@code received} body bytes (a no-op when the check is off). */
    void body(long received) {
        if (timeouts.minBodyRate() <= 0) {
            off();
            return;
        }
        windowStart = received;
        arm(Kind.BODY, timeouts.bodyRateWindow().toNanos());
    }

    /** Whether {@code received} bytes at the end of a window meet the minimum rate. */
    boolean rateMet(long received) {
        double seconds = timeouts.bodyRateWindow().toNanos() / 1e9;
        return received - windowStart >= timeouts.minBodyRate() * seconds;
    }

    void linger() {
        arm(Kind.LINGER, timeouts.linger().toNanos());
    }

    void off() {
        kind = Kind.NONE;
        generation++;
        if (task != null) {
            task.cancel();
            task = null;
        }
    }

    Kind kind() {
        return kind;
    }

    private void arm(Kind k, long nanos) {
        off();
        if (loop == null) {
            return;
        }
        kind = k;
        long g = generation;
        try {
            task = loop.schedule(() -> fire(g), nanos, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            task = null; // the loop is stopping; the group's deadline bounds the connection
        }
    }

    private void fire(long g) {
        if (g != generation) {
            return;
        }
        Kind k = kind;
        kind = Kind.NONE;
        task = null;
        listener.onTimeout(k);
    }

    @Override
    public String toString() {
        return "Watchdog{" + kind + '}';
    }
}
