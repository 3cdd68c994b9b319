package dev.loopwork.nativeloop;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A native loop (epoll, kqueue) that the application runs on a thread of its own choosing, instead of
 * the loop owning a thread. Made by a manual provider ({@code "epoll-manual"}, {@code "kqueue-manual"})
 * and handed to its {@link ManualLoopHost}; the connection core uses it like any other loop.
 *
 * <h2>The loop thread</h2>
 * The first thread that calls {@link #run(Duration)}, {@link #runNow()} or {@link #runUntilTerminated()}
 * becomes the loop thread for good: every connection callback, task and timer of this loop runs there,
 * inside those calls. Any other thread that calls them afterwards gets a
 * {@link dev.loopwork.WrongThreadException}. Until a thread has run it, the loop does nothing: tasks and
 * registrations wait in its queue.
 *
 * <h2>What one run does</h2>
 * One iteration: it polls the sockets (waiting up to the given time if nothing is ready and no task
 * or due timer is queued, and never while a {@code fakePollIn} is pending), delivers readiness, then
 * runs the due timers and the queued tasks. It returns how many I/O events and tasks it handled.
 * {@link #wakeup()}, and any task submitted from another thread, end a wait early.
 *
 * <h2>Termination</h2>
 * When the group shuts the loop down, the next run releases the loop's resources (the poller's
 * descriptors) and the loop is {@link #isTerminated() terminated}; later runs return 0 at once.
 * A host must therefore keep running the loop until it has terminated: the group's shutdown
 * completes only then.
 */
public interface ManualLoop {

    /** The loop's name, as the group gave it (e.g. {@code loopwork-epoll-manual-1-0}). */
    String name();

    /**
     * Runs one iteration, waiting at most {@code maxWait} for something to do.
     *
     * @return the number of I/O events and tasks handled
     * @throws IllegalArgumentException if {@code maxWait} is negative
     * @throws dev.loopwork.WrongThreadException if another thread is this loop's thread
     */
    int run(Duration maxWait);

    /**
     * Runs one iteration without waiting: whatever is ready now.
     *
     * @return the number of I/O events and tasks handled
     * @throws dev.loopwork.WrongThreadException if another thread is this loop's thread
     */
    int runNow();

    /**
     * Runs iterations on the calling thread, waiting as long as needed between them, until the loop has
     * terminated. What {@link ManualLoopHost#dedicatedThreads()} does on each of its threads.
     *
     * @throws dev.loopwork.WrongThreadException if another thread is this loop's thread
     */
    void runUntilTerminated();

    /** Ends a wait in {@link #run(Duration)} early. Any thread. */
    void wakeup();

    /** The thread that runs this loop, or {@code null} before the first run. */
    Thread thread();

    /** Whether the loop was asked to shut down. */
    boolean isShuttingDown();

    /** Whether the loop has shut down and released its resources. */
    boolean isTerminated();

    /** Completes once the loop has terminated (inside the run that terminated it). */
    CompletionStage<Void> terminationFuture();
}
