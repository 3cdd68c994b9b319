package dev.loopwork.tls.pump;

// A copy of the tls module's test harness (tls/src/test/java/dev/loopwork/tls/pump) for the TLS record
// fuzz target of this suite: test classes of another module are not on this class path. Keep in step.

import dev.loopwork.Cancellable;
import dev.loopwork.Loop;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A loop for single-threaded tests: tasks run when the test says so, timers fire when the test says so. */
public final class FakeLoop implements Loop {

    /** A scheduled task; fires only through {@link #fire()}. */
    public static final class Timer implements Cancellable {
        private final Runnable task;
        private final long delayNanos;
        private boolean cancelled;
        private boolean fired;

        Timer(Runnable task, long delayNanos) {
            this.task = task;
            this.delayNanos = delayNanos;
        }

        public long delayNanos() {
            return delayNanos;
        }

        /** Runs the task as the loop would once the delay passed, unless cancelled. */
        public void fire() {
            if (!cancelled && !fired) {
                fired = true;
                task.run();
            }
        }

        @Override
        public boolean cancel() {
            if (fired || cancelled) {
                return false;
            }
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }

    private final List<Timer> timers = new ArrayList<>();
    private final List<Runnable> tasks = new ArrayList<>();

    @Override
    public boolean inLoop() {
        return true;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        if (delay < 0) {
            throw new IllegalArgumentException("delay must be >= 0, was " + delay);
        }
        Timer t = new Timer(task, unit.toNanos(delay));
        timers.add(t);
        return t;
    }

    public List<Timer> timers() {
        return timers;
    }

    public List<Runnable> tasks() {
        return tasks;
    }
}
