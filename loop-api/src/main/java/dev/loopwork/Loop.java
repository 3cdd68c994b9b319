package dev.loopwork;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The event loop a connection lives on, as application code sees it: a single thread that runs
 * every callback of the connections it owns, plus tasks and timers.
 *
 * <h2>Ordering</h2>
 * Tasks passed to {@link #execute} from one thread run in the order they were passed. A task
 * never runs inside another callback: it runs after the current one returns.
 *
 * <h2>Threads</h2>
 * Every method may be called from any thread. Code that must touch a connection's state without
 * locks hops onto its loop with {@code execute} or checks {@link #inLoop()}.
 */
public interface Loop extends Executor {

    /** Whether the calling thread is this loop's thread (or is driving it right now). */
    boolean inLoop();

    /**
     * Runs {@code task} on the loop thread, soon. Wakes the loop if it is waiting.
     *
     * @throws java.util.concurrent.RejectedExecutionException if the loop has shut down
     */
    @Override
    void execute(Runnable task);

    /**
     * Runs {@code task} on the loop thread once {@code delay} has passed.
     *
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws java.util.concurrent.RejectedExecutionException if the loop has shut down
     */
    Cancellable schedule(Runnable task, long delay, TimeUnit unit);
}
