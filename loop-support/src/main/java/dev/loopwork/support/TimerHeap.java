package dev.loopwork.support;

import dev.loopwork.Cancellable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The timers of one loop: an indexed binary heap by deadline ({@link System#nanoTime()}), fed from
 * any thread.
 *
 * <h2>Never early</h2>
 * {@link #runDue} runs a timer only when {@code System.nanoTime() - deadline >= 0}, read after the
 * poll; deadlines are compared by difference (the clock's origin may be negative) and delays are
 * clamped so that {@code now + delay} cannot overflow. Equal deadlines run in scheduling order.
 *
 * <h2>Cancelled tasks are let go of at once</h2>
 * {@link Cancellable#cancel()} (any thread) wins or loses against the loop's start of the task by a
 * compare-and-set; a cancel that wins drops the task's {@link Runnable} right away, so whatever it
 * holds (a connection, its buffers) is not kept until the deadline, and the timer itself leaves the
 * heap at the loop's next call here ({@code O(log n)}). Idle timeouts re-armed per read cannot pile up.
 *
 * <h2>Threads</h2>
 * {@link #schedule} and {@code cancel} from any thread: a new timer reaches the heap through a
 * lock-free queue at the loop's next {@link #nanosUntilNext} or {@link #runDue}, and {@code schedule}
 * wakes the loop so that it recomputes its poll timeout. Everything else on the loop thread.
 *
 * <h2>Shutdown</h2>
 * After {@link #close()} (any thread), {@code schedule} throws {@link RejectedExecutionException} and
 * no timer runs any more; {@link #cancelAll()} (loop thread, at termination) cancels the ones still
 * waiting, so their {@code isCancelled()} says so.
 */
public final class TimerHeap {

    private static final Logger log = LoggerFactory.getLogger(TimerHeap.class);

    /** Longer delays are clamped (about 73 years). */
    static final long MAX_DELAY_NANOS = Long.MAX_VALUE / 4;

    private final String owner;
    private final Runnable wakeup;
    private final Queue<Timer> incoming = new ConcurrentLinkedQueue<>();
    private final Queue<Timer> cancelled = new ConcurrentLinkedQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private Timer[] heap = new Timer[16]; // loop thread only
    private int size;
    private volatile boolean closed;

    /**
     * @param owner  the loop's name, for messages
     * @param wakeup run after each schedule, e.g. {@link Wakeup#wakeup()}
     */
    public TimerHeap(String owner, Runnable wakeup) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.wakeup = Objects.requireNonNull(wakeup, "wakeup");
    }

    /**
     * Any thread: runs {@code task} on the loop no earlier than {@code delay} from now.
     *
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws RejectedExecutionException after {@link #close()}
     */
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(unit, "unit");
        if (delay < 0) {
            throw new IllegalArgumentException("delay must be >= 0, was " + delay + ' ' + unit);
        }
        if (closed) {
            throw rejected();
        }
        long deadline = System.nanoTime() + Math.min(unit.toNanos(delay), MAX_DELAY_NANOS);
        Timer t = new Timer(this, task, deadline, sequence.getAndIncrement());
        incoming.offer(t);
        if (closed && t.cancel()) { // closed meanwhile: it would never run
            throw rejected();
        }
        wakeup.run();
        return t;
    }

    /** Loop thread: nanoseconds until the next live timer is due (0: due now), -1 if none (or closed). */
    public long nanosUntilNext() {
        settle();
        if (size == 0 || closed) {
            return -1;
        }
        return Math.max(0, heap[0].deadline - System.nanoTime());
    }

    /**
     * Loop thread: runs every timer due now, earliest first, each after {@code beforeEach}; a timer
     * that throws is logged and the others run. Timers scheduled by these tasks wait for the next call.
     *
     * @return how many ran
     */
    public int runDue(Runnable beforeEach) {
        settle();
        long now = System.nanoTime();
        int ran = 0;
        while (size > 0 && !closed && now - heap[0].deadline >= 0) {
            Timer t = removeAt(0);
            Runnable task = t.task;
            if (task == null || !t.start()) {
                continue; // cancelled just now
            }
            beforeEach.run();
            try {
                task.run();
            } catch (Throwable e) {
                log.error("timer {} on loop '{}' threw; the loop goes on", task, owner, e);
            }
            ran++;
        }
        return ran;
    }

    /** Any thread: no timer runs or is accepted from now on. */
    public void close() {
        closed = true;
    }

    /** Loop thread, at termination: cancels every waiting timer; returns how many there were. */
    public int cancelAll() {
        closed = true;
        settle();
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (heap[i].cancel()) {
                n++;
            }
            heap[i].index = -1;
        }
        Arrays.fill(heap, 0, size, null);
        size = 0;
        Timer t;
        while ((t = incoming.poll()) != null) {
            if (t.cancel()) {
                n++;
            }
        }
        cancelled.clear();
        return n;
    }

    /** Loop thread: live timers in the heap (after taking in new ones and dropping cancelled ones). */
    public int size() {
        settle();
        return size;
    }

    /** Takes in timers scheduled since the last call, drops cancelled ones. */
    private void settle() {
        Timer t;
        while ((t = incoming.poll()) != null) {
            if (!t.isCancelled()) {
                add(t);
            }
        }
        while ((t = cancelled.poll()) != null) {
            if (t.index >= 0) {
                removeAt(t.index);
            }
        }
    }

    private void add(Timer t) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        t.index = size;
        heap[size++] = t;
        up(t.index);
    }

    private Timer removeAt(int i) {
        Timer t = heap[i];
        Timer last = heap[--size];
        heap[size] = null;
        t.index = -1;
        if (i < size) {
            heap[i] = last;
            last.index = i;
            down(i);
            up(last.index);
        }
        return t;
    }

    private void up(int i) {
        Timer t = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent].compareTo(t) <= 0) {
                break;
            }
            heap[i] = heap[parent];
            heap[i].index = i;
            i = parent;
        }
        heap[i] = t;
        t.index = i;
    }

    private void down(int i) {
        Timer t = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heap[child + 1].compareTo(heap[child]) < 0) {
                child++;
            }
            if (t.compareTo(heap[child]) <= 0) {
                break;
            }
            heap[i] = heap[child];
            heap[i].index = i;
            i = child;
        }
        heap[i] = t;
        t.index = i;
    }

    private RejectedExecutionException rejected() {
        return new RejectedExecutionException("schedule on loop '" + owner + "': it is shutting down or terminated");
    }

    @Override
    public String toString() {
        return "TimerHeap{" + owner + ", " + size + " in the heap" + (closed ? ", closed" : "") + '}';
    }

    /** One timer: WAITING, then STARTED by the loop or CANCELLED by anybody, whichever comes first. */
    private static final class Timer implements Cancellable, Comparable<Timer> {
        private static final int WAITING = 0;
        private static final int STARTED = 1;
        private static final int CANCELLED = 2;
        private static final AtomicIntegerFieldUpdater<Timer> STATE =
                AtomicIntegerFieldUpdater.newUpdater(Timer.class, "state");

        private final TimerHeap owner;
        private final long deadline;
        private final long sequence;
        private volatile Runnable task;
        private volatile int state = WAITING;
        private int index = -1; // in the heap; loop thread only

        Timer(TimerHeap owner, Runnable task, long deadline, long sequence) {
            this.owner = owner;
            this.task = task;
            this.deadline = deadline;
            this.sequence = sequence;
        }

        @Override
        public boolean cancel() {
            if (STATE.compareAndSet(this, WAITING, CANCELLED)) {
                task = null; // let go of what the task holds now, not at the deadline
                owner.cancelled.offer(this);
                return true;
            }
            return state == CANCELLED;
        }

        @Override
        public boolean isCancelled() {
            return state == CANCELLED;
        }

        boolean start() {
            if (STATE.compareAndSet(this, WAITING, STARTED)) {
                task = null; // the caller holds it; the handle need not
                return true;
            }
            return false;
        }

        @Override
        public int compareTo(Timer o) {
            long d = deadline - o.deadline;
            return d != 0 ? (d < 0 ? -1 : 1) : Long.compare(sequence, o.sequence);
        }

        @Override
        public String toString() {
            int s = state;
            return "Timer{#" + sequence + ", " + (s == WAITING ? "waiting" : s == STARTED ? "started" : "cancelled")
                    + ", due in " + (deadline - System.nanoTime()) / 1_000_000 + " ms}";
        }
    }
}
