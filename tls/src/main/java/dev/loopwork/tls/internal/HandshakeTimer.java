package dev.loopwork.tls.internal;

import dev.loopwork.Cancellable;
import dev.loopwork.Loop;

import java.util.concurrent.TimeUnit;

/**
 * The bound on one handshake: a task on the connection's loop that fails the connection unless it
 * is cancelled first (by completion, a close, a failure or the release of the stage).
 */
final class HandshakeTimer {

    private final long timeoutNanos;
    private Cancellable scheduled;

    /** @param timeoutNanos the bound; zero or less for none */
    HandshakeTimer(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    /** Arms the timer on {@code loop}; {@code onTimeout} runs there if it is not cancelled in time. */
    void arm(Loop loop, Runnable onTimeout) {
        if (timeoutNanos > 0 && scheduled == null) {
            scheduled = loop.schedule(() -> {
                scheduled = null;
                onTimeout.run();
            }, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Calls the timer off. Idempotent. */
    void cancel() {
        Cancellable s = scheduled;
        if (s != null) {
            scheduled = null;
            s.cancel();
        }
    }

    long timeoutMillis() {
        return TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
    }

    @Override
    public String toString() {
        return "HandshakeTimer{" + timeoutMillis() + " ms, " + (scheduled != null ? "armed" : "idle") + '}';
    }
}
