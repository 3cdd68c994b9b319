package dev.loopwork.example;

import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The timers of one {@link SelectorLoop}: a binary heap ordered by deadline.
 *
 * <h2>Threads</h2>
 * {@link #newTask} may be called from any thread (it only numbers the task). Everything that
 * touches the heap runs on the loop thread: a foreign {@code schedule} reaches it as a task. A
 * cancel from any thread only flips the task's state; the heap drops cancelled tasks lazily, when
 * they reach the top or when they make up more than half of it (so that many cancelled long
 * timers, e.g. idle timeouts that are re-armed per read, do not pile up).
 */
final class Timers {

    /** Longer delays are clamped so that {@code now + delay} cannot overflow (about 73 years). */
    static final long MAX_DELAY_NANOS = Long.MAX_VALUE / 4;

    private static final int PURGE_MIN_CANCELLED = 64;

    private final PriorityQueue<ScheduledTask> heap = new PriorityQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger cancelled = new AtomicInteger();

    /**
     * Any thread: a task due {@code delay} from now, not yet in the heap.
     *
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    ScheduledTask newTask(Runnable task, long delay, TimeUnit unit) {
        if (delay < 0) {
            throw new IllegalArgumentException("delay must be >= 0, was " + delay + ' ' + unit);
        }
        long nanos = Math.min(unit.toNanos(delay), MAX_DELAY_NANOS);
        return new ScheduledTask(task, System.nanoTime() + nanos, sequence.getAndIncrement(), this);
    }

    /** Loop thread. */
    void add(ScheduledTask t) {
        heap.add(t);
    }

    /** Called by {@link ScheduledTask#cancel()} from any thread. */
    void cancelledOne() {
        cancelled.incrementAndGet();
    }

    /** Loop thread: nanoseconds until the next live timer is due (0 if due now), or -1 if there is none. */
    long nanosUntilNext(long now) {
        dropCancelledHead();
        ScheduledTask head = heap.peek();
        return head == null ? -1 : Math.max(0, head.deadlineNanos - now);
    }

    /**
     * Loop thread: takes the next timer due at {@code now} and claims it; {@code null} when none is
     * due. The caller runs what it gets.
     */
    ScheduledTask pollDue(long now) {
        while (true) {
            ScheduledTask head = heap.peek();
            if (head == null || head.deadlineNanos - now > 0) {
                return null;
            }
            heap.poll();
            if (head.tryStart()) {
                return head;
            }
            // It was cancelled: skip it, whether the cancel happened long ago or just now.
        }
    }

    /** Loop thread: drops cancelled timers once they are many. Cheap when there is nothing to do. */
    void purgeIfWorthIt() {
        int c = cancelled.get();
        if (c >= PURGE_MIN_CANCELLED && c > heap.size() / 2) {
            cancelled.set(0); // a cancel racing with this only delays the next purge
            heap.removeIf(ScheduledTask::isCancelled);
        }
    }

    /** Loop thread, at shutdown: cancels every timer still waiting; returns how many there were. */
    int cancelAll() {
        int n = 0;
        for (ScheduledTask t : heap) {
            if (!t.isCancelled() && t.cancel()) {
                n++;
            }
        }
        heap.clear();
        cancelled.set(0);
        return n;
    }

    /** Loop thread: timers in the heap, cancelled ones not yet dropped included. */
    int size() {
        return heap.size();
    }

    private void dropCancelledHead() {
        ScheduledTask head;
        while ((head = heap.peek()) != null && head.isCancelled()) {
            heap.poll();
        }
    }

    @Override
    public String toString() {
        return "Timers{" + heap.size() + " queued, ~" + cancelled.get() + " cancelled}";
    }
}
