package dev.loopwork.support;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tasks of one loop, with the SPI's batching rule ({@code LoopOps}, "Tasks"): a batch runs the
 * tasks queued when it began; a task submitted by a task waits for the next batch, after the next
 * poll, so that tasks cannot starve I/O.
 *
 * <h2>Threads</h2>
 * {@link #offer} and {@link #close} from any thread; {@link #runBatch} and {@link #clear} on the loop
 * thread. Tasks from one thread run in the order they were offered.
 *
 * <h2>Closing</h2>
 * After {@link #close()}, {@link #offer} throws {@link RejectedExecutionException}; tasks offered
 * before still run. An offer racing with the close either is rejected or runs, never neither: the
 * offer re-checks after queueing and takes its task back if the close came first. A loop terminates
 * once it is closed and {@link #isEmpty()}.
 *
 * <h2>Errors</h2>
 * A task that throws is logged (slf4j) with the loop's name and the batch goes on.
 */
public final class TaskQueue {

    private static final Logger log = LoggerFactory.getLogger(TaskQueue.class);

    private final String owner;
    private final Runnable wakeup;
    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private volatile boolean closed;

    /**
     * @param owner  the loop's name, for messages
     * @param wakeup run after each offer, e.g. {@link Wakeup#wakeup()}
     */
    public TaskQueue(String owner, Runnable wakeup) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.wakeup = Objects.requireNonNull(wakeup, "wakeup");
    }

    /**
     * Any thread: queues {@code task} and wakes the loop.
     *
     * @throws RejectedExecutionException after {@link #close()}
     */
    public void offer(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (closed) {
            throw rejected();
        }
        queue.offer(task);
        size.incrementAndGet();
        if (closed && queue.remove(task)) { // the close came first: the loop may have drained for the last time
            size.decrementAndGet();
            throw rejected();
        }
        wakeup.run();
    }

    /**
     * Loop thread: runs the tasks queued now, in order, each after {@code beforeEach} (a selector
     * loop flushes cancelled keys there); tasks they offer wait for the next batch.
     *
     * @return how many ran
     */
    public int runBatch(Runnable beforeEach) {
        int n = size.get();
        int ran = 0;
        for (; ran < n; ran++) {
            Runnable task = queue.poll();
            if (task == null) {
                break; // taken back by an offer that lost to close()
            }
            size.decrementAndGet();
            beforeEach.run();
            try {
                task.run();
            } catch (Throwable t) {
                log.error("task {} on loop '{}' threw; the loop goes on", task, owner, t);
            }
        }
        return ran;
    }

    /** Any thread: rejects offers from now on. @return {@code true} the first time */
    public boolean close() {
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }

    public boolean isClosed() {
        return closed;
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Loop thread, when the loop broke and stops at once: drops what is queued; returns how many. */
    public int clear() {
        closed = true;
        int n = 0;
        while (queue.poll() != null) {
            size.decrementAndGet();
            n++;
        }
        return n;
    }

    private RejectedExecutionException rejected() {
        return new RejectedExecutionException("execute on loop '" + owner + "': it is shutting down or terminated");
    }

    @Override
    public String toString() {
        return "TaskQueue{" + owner + ", " + size.get() + " queued" + (closed ? ", closed" : "") + '}';
    }
}
