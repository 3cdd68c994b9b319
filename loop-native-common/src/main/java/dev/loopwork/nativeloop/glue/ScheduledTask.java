package dev.loopwork.nativeloop.glue;

import dev.loopwork.Cancellable;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.RejectedExecutionException;

/**
 * One timer of a native loop ({@link Timers}): the task, its deadline, and the {@link Cancellable} the
 * caller holds.
 *
 * <h2>States</h2>
 * Pending, then either run (once, on the loop thread) or cancelled. {@link #cancel()} succeeds only
 * while pending, from any thread; a task whose cancel succeeded never starts. A task that throws is
 * logged: the loop goes on.
 */
final class ScheduledTask implements Cancellable {

    private static final Logger log = LoggerFactory.getLogger(ScheduledTask.class);
    private static final int PENDING = 0;
    private static final int RAN = 1;
    private static final int CANCELLED = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ScheduledTask.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final long deadline;
    final long seq;
    private final Timers timers;
    private final Runnable task;
    @SuppressWarnings("unused") // through STATE
    private volatile int state;
    private volatile ScheduledFuture<?> wakeUp;

    ScheduledTask(Timers timers, Runnable task, long deadline, long seq) {
        this.timers = timers;
        this.task = task;
        this.deadline = deadline;
        this.seq = seq;
    }

    void wakeUp(ScheduledFuture<?> f) {
        this.wakeUp = f;
        if (state == CANCELLED) {
            cancelWakeUp(f); // cancelled between being queued and getting its wake-up
        }
    }

    /** Runs the task unless it was cancelled. Loop thread. */
    void runIfPending() {
        if (!STATE.compareAndSet(this, PENDING, RAN)) {
            return;
        }
        try {
            task.run();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            log.warn("{}: timer task {} threw", timers.owner(), task, t);
        }
    }

    @Override
    public boolean cancel() {
        if (!STATE.compareAndSet(this, PENDING, CANCELLED)) {
            return false;
        }
        timers.cancelled(this);
        ScheduledFuture<?> f = wakeUp;
        if (f != null) {
            cancelWakeUp(f);
        }
        return true;
    }

    private static void cancelWakeUp(ScheduledFuture<?> f) {
        try {
            f.cancel(false);
        } catch (RejectedExecutionException e) {
            // The loop stopped before it could drop the wake-up from its queue: it is gone anyway.
        }
    }

    @Override
    public boolean isCancelled() {
        return state == CANCELLED;
    }

    @Override
    public String toString() {
        int s = state;
        String st = s == RAN ? "ran" : s == CANCELLED ? "cancelled"
                : "due in " + (deadline - System.nanoTime()) / 1_000_000 + " ms";
        return "ScheduledTask{" + task + ", " + st + '}';
    }
}
