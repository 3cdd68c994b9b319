package dev.loopwork.nativeloop.glue;

import dev.loopwork.Cancellable;
import io.netty.channel.IoEventLoop;

import java.util.Comparator;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The timers of one native loop, run in deadline order.
 *
 * <h2>Why not Netty's timers alone</h2>
 * A timer scheduled from another thread reaches a Netty loop as a plain task; when the loop is late
 * (a busy machine, a long callback), timers that are all overdue then run in the order they were
 * <em>scheduled</em>, not in the order of their deadlines: 20 ms before 0 ms if they were scheduled
 * in that order. Here each timer keeps the deadline it was given when scheduled, in one queue ordered by
 * deadline (then by scheduling order); Netty's timer only wakes the loop, and each wake-up runs every
 * timer that is due, earliest first. A timer never runs before its deadline.
 *
 * <h2>Threads</h2>
 * {@link #schedule} and cancelling: any thread. Timers run on the loop thread.
 */
final class Timers {

    /** Delays are capped so that {@code now + delay} cannot overflow (about 146 years). */
    private static final long MAX_DELAY_NANOS = Long.MAX_VALUE / 2;

    private static final Comparator<ScheduledTask> BY_DEADLINE = (a, b) -> {
        long d = a.deadline - b.deadline; // wrap-safe, as System.nanoTime values must be compared
        if (d != 0) {
            return d < 0 ? -1 : 1;
        }
        return Long.compare(a.seq, b.seq);
    };

    private final Object owner;
    private final IoEventLoop loop;
    private final ConcurrentSkipListSet<ScheduledTask> pending = new ConcurrentSkipListSet<>(BY_DEADLINE);
    private final AtomicLong seq = new AtomicLong();
    private final Runnable runDue = this::runDue;

    Timers(Object owner, IoEventLoop loop) {
        this.owner = owner;
        this.loop = loop;
    }

    Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        long delayNanos = Math.min(unit.toNanos(delay), MAX_DELAY_NANOS);
        ScheduledTask t = new ScheduledTask(this, task, System.nanoTime() + delayNanos, seq.getAndIncrement());
        pending.add(t);
        try {
            t.wakeUp(loop.schedule(runDue, delayNanos, TimeUnit.NANOSECONDS));
        } catch (RuntimeException e) {
            pending.remove(t);
            throw e;
        }
        return t;
    }

    /** Runs every due timer, earliest deadline first. Loop thread (a Netty timer). */
    private void runDue() {
        long now = System.nanoTime();
        for (;;) {
            ScheduledTask head;
            try {
                head = pending.first();
            } catch (NoSuchElementException empty) {
                return;
            }
            if (head.deadline - now > 0) {
                return;
            }
            if (pending.remove(head)) {
                head.runIfPending();
            }
        }
    }

    void cancelled(ScheduledTask t) {
        pending.remove(t);
    }

    /** The loop has stopped: nothing pending will run; mark it cancelled. */
    void cancelAll() {
        ScheduledTask t;
        while ((t = pending.pollFirst()) != null) {
            t.cancel();
        }
    }

    int pendingCount() {
        return pending.size();
    }

    Object owner() {
        return owner;
    }

    @Override
    public String toString() {
        return "Timers{pending=" + pending.size() + '}';
    }
}
