package dev.loopwork.nativeloop.glue;

import dev.loopwork.Cancellable;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A timer on a native loop: the task Netty runs and the {@link Cancellable} the caller holds.
 *
 * <h2>Why it wraps the task</h2>
 * Netty's scheduled tasks put an exception into their future, where nobody would look; this one logs
 * it instead, like a task passed to {@code execute}.
 *
 * <h2>Cancelling</h2>
 * {@link #cancel()} is Netty's {@code cancel}: it succeeds only before the task has started, from any
 * thread, and then the task never runs.
 */
final class ScheduledTask implements Runnable, Cancellable {

    private static final Logger log = LoggerFactory.getLogger(ScheduledTask.class);

    private final Runnable task;
    private final Object loop;
    private volatile ScheduledFuture<?> future;

    ScheduledTask(Runnable task, Object loop) {
        this.task = task;
        this.loop = loop;
    }

    void future(ScheduledFuture<?> f) {
        this.future = f;
    }

    @Override
    public void run() {
        try {
            task.run();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            log.warn("{}: timer task {} threw", loop, task, t);
        }
    }

    @Override
    public boolean cancel() {
        try {
            return future.cancel(false);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Cancelled, but the loop stopped before it could drop the timer from its queue: it is gone anyway.
            return future.isCancelled();
        }
    }

    @Override
    public boolean isCancelled() {
        return future.isCancelled();
    }

    @Override
    public String toString() {
        ScheduledFuture<?> f = future;
        String state = f == null ? "new" : f.isCancelled() ? "cancelled" : f.isDone() ? "done"
                : "due in " + f.getDelay(java.util.concurrent.TimeUnit.MILLISECONDS) + " ms";
        return "ScheduledTask{" + task + ", " + state + '}';
    }
}
