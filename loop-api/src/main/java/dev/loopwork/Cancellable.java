package dev.loopwork;

/**
 * A handle to something that can be called off: a scheduled task, a timer.
 *
 * <p>{@link #cancel()} is idempotent and may be called from any thread. Once it returns
 * {@code true} the task will not start; a task already running is not interrupted.
 */
public interface Cancellable {

    /**
     * Calls the task off. Returns {@code true} if the task is cancelled, by this call or an earlier
     * one, and so will never run; {@code false} if it has already started.
     */
    boolean cancel();

    /** Whether {@link #cancel()} succeeded before the task ran. */
    boolean isCancelled();
}
