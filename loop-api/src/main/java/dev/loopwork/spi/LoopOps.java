package dev.loopwork.spi;

import dev.loopwork.Cancellable;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One event loop, as the connection core drives it: readiness for registered sockets, tasks and
 * timers, all on one thread. This is the whole contract a loop implements; nio, epoll, kqueue and
 * an integrator's own loop all sit behind it.
 *
 * <h2>Threads</h2>
 * {@link #execute}, {@link #schedule}, {@link #inLoop} and {@link #shutdown} may be called from
 * any thread. {@link #register} and {@link #fakePollIn} only from the loop thread (a loop driven by
 * a user thread, through a {@code tick()}, counts that thread as the loop thread while it ticks).
 * {@code register} from another thread throws {@link dev.loopwork.WrongThreadException}.
 *
 * <h2>Tasks</h2>
 * {@code execute} wakes a waiting loop. Tasks run in submission order, never inside another
 * callback. Tasks submitted while a batch runs may wait for the next iteration: a loop polls its
 * sockets between batches, so tasks cannot starve I/O.
 *
 * <h2>Pending input and {@code fakePollIn}</h2>
 * Bytes can be buffered above the socket (decrypted TLS, a parser's leftovers) while the socket
 * itself will never become readable again. The core owns that condition. When it needs such a
 * registration served, it calls {@link #fakePollIn}. A loop that implements it returns {@code true}
 * and reports {@link Interest#READ} for that registration on its next iteration, and must not
 * block in its poller while such a fake is queued. The default returns {@code false}: the core
 * then falls back to {@code execute(...)}, so a loop that knows nothing of the hook still delivers
 * every byte. The core never both fakes and falls back.
 *
 * <h2>Shutdown</h2>
 * {@link #shutdown()} stops the loop after the tasks already submitted have run; later
 * {@code execute}/{@code schedule} calls throw {@link java.util.concurrent.RejectedExecutionException}.
 * The core closes every socket it registered before it shuts a loop down. The returned stage
 * completes once the loop has released its own resources (selector, threads). A loop driven by
 * the application's thread through a {@code tick()} completes it on a later tick: that thread must
 * keep ticking and must not block waiting for it.
 */
public interface LoopOps extends Executor {

    /** Whether the caller is the loop thread (or the thread driving the loop right now). */
    boolean inLoop();

    /**
     * Starts watching {@code pollable} for {@code interest}; {@code ready} is called on this loop's
     * thread with what is ready.
     *
     * @throws dev.loopwork.WrongThreadException if not called on the loop thread
     * @throws IllegalArgumentException if the pollable is of a kind this loop cannot watch, or the
     *         interest has stray bits (a loop may also refuse WRITE interest on a listener)
     * @throws IllegalStateException if the pollable is already registered (loops may check this)
     * @throws java.io.UncheckedIOException if the OS refuses the registration
     */
    Registration register(Pollable pollable, int interest, Ready ready);

    @Override
    void execute(Runnable task);

    /**
     * Runs {@code task} on the loop thread after {@code delay}.
     *
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws java.util.concurrent.RejectedExecutionException if the loop has shut down
     */
    Cancellable schedule(Runnable task, long delay, TimeUnit unit);

    /**
     * Asks for a {@link Interest#READ} readiness for {@code registration} on the next iteration,
     * whether or not its socket is readable and whatever its current interest. Several calls
     * before that iteration deliver one readiness. Optional: see the class comment.
     *
     * @return {@code true} if the loop will deliver it; {@code false} if the caller must fall back
     *         (always {@code false} for a cancelled registration)
     */
    default boolean fakePollIn(Registration registration) {
        return false;
    }

    /** Stops the loop (see the class comment). Idempotent. */
    CompletionStage<Void> shutdown();
}
