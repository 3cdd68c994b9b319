package dev.loopwork.example;

import dev.loopwork.Cancellable;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One timer of a {@link SelectorLoop}: a task, its deadline on the {@link System#nanoTime()} clock,
 * and a state that a foreign thread may flip to cancelled.
 *
 * <h2>Threads</h2>
 * {@link #cancel()} and {@link #isCancelled()} may be called from any thread; the loop thread
 * claims the task with {@link #tryStart()} just before running it. Whichever compare-and-set
 * wins decides: a cancel that returned {@code true} means the task never starts, and every later
 * cancel says so too.
 *
 * <h2>Order</h2>
 * Earlier deadline first; equal deadlines in the order they were scheduled ({@code sequence}).
 */
final class ScheduledTask implements Cancellable, Comparable<ScheduledTask> {

    private static final int WAITING = 0;
    private static final int STARTED = 1;
    private static final int CANCELLED = 2;

    final Runnable task;
    final long deadlineNanos;
    private final long sequence;
    private final Timers owner;
    private final AtomicInteger state = new AtomicInteger(WAITING);

    ScheduledTask(Runnable task, long deadlineNanos, long sequence, Timers owner) {
        this.task = task;
        this.deadlineNanos = deadlineNanos;
        this.sequence = sequence;
        this.owner = owner;
    }

    /** {@code true} once cancelled, by this call or an earlier one; {@code false} if the task has started. */
    @Override
    public boolean cancel() {
        if (state.compareAndSet(WAITING, CANCELLED)) {
            owner.cancelledOne();
            return true;
        }
        return state.get() == CANCELLED;
    }

    @Override
    public boolean isCancelled() {
        return state.get() == CANCELLED;
    }

    /** Loop thread: claims the task; {@code false} if it was cancelled first. */
    boolean tryStart() {
        return state.compareAndSet(WAITING, STARTED);
    }

    /** Deadlines are compared by difference, so that the {@code nanoTime} origin does not matter. */
    @Override
    public int compareTo(ScheduledTask o) {
        long d = deadlineNanos - o.deadlineNanos;
        if (d != 0) {
            return d < 0 ? -1 : 1;
        }
        return Long.compare(sequence, o.sequence);
    }

    @Override
    public String toString() {
        String s = switch (state.get()) {
            case WAITING -> "waiting";
            case STARTED -> "started";
            default -> "cancelled";
        };
        return "ScheduledTask{#" + sequence + ", " + s + ", due in "
                + (deadlineNanos - System.nanoTime()) / 1_000_000 + " ms, " + task + '}';
    }
}
