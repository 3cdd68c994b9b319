package dev.loopwork.tck;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Contract breaches seen by the kit's handlers while a case runs: a callback off the loop thread, a
 * callback re-entered, {@code onClosed} twice, data delivered while paused. They are collected
 * rather than thrown, because an exception thrown from a callback would only close that connection
 * (and be reported to the core, not to the test); the case fails on them when it ends.
 */
final class Violations {

    private final ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();

    void add(String violation) {
        seen.add(violation + " [thread " + Thread.currentThread().getName() + ']');
    }

    List<String> all() {
        return List.copyOf(seen);
    }

    @Override
    public String toString() {
        return "Violations" + seen;
    }
}
