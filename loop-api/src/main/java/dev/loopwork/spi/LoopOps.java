package dev.loopwork.spi;

import dev.loopwork.Cancellable;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One event loop, as the connection core drives it: readiness for registered sockets, tasks and
 * timers, all on one thread. This is the whole contract a loop implements; nio, epoll, kqueue and
 * an integrator's own loop all sit behind it. The conformance kit ({@code loopwork-tck}) checks
 * every rule below; its messages name the rule they found broken.
 *
 * <h2>Threads</h2>
 * {@link #execute}, {@link #schedule}, {@link #inLoop} and {@link #shutdown} may be called from
 * any thread. {@link #register} and {@link #fakePollIn} only from the loop thread (a loop driven by
 * a user thread, through a {@code tick()}, counts that thread as the loop thread while it ticks).
 * Both throw {@link dev.loopwork.WrongThreadException} naming the calling thread when called from
 * another thread (every built-in loop and the example do; the core never does it). Every callback
 * ({@link Ready#onReady}, a task, a timer) runs on the loop thread, one at a time, never inside
 * another callback.
 *
 * <h2>One iteration</h2>
 * The rules below speak of iterations. One iteration is, in this order:
 * <ol>
 *   <li><b>poll</b>: ask the poller what is ready; block only when nothing else is waiting (no
 *       task queued, no fake READ queued, no timer due, not shutting down), and at most until the
 *       next timer's deadline;</li>
 *   <li><b>dispatch</b>: call {@link Ready#onReady} for the readiness this poll found, and deliver
 *       the fake READs queued before this iteration began (see {@link #fakePollIn});</li>
 *   <li><b>timers</b> whose deadline has passed;</li>
 *   <li><b>tasks</b>: the ones queued when this step began.</li>
 * </ol>
 * A task submitted from a readiness callback therefore runs after every readiness that the same
 * poll found has been dispatched. A loop may put its steps in another order only if it keeps that
 * promise and the ones below (the kit relies on it to tell a connect completion reported by the loop
 * from one reported by chance, see {@link Registration}).
 *
 * <h2>Readiness</h2>
 * Level triggered, within the interest, possibly spurious: see {@link Registration}. In short: while
 * a socket stays ready for something it is interested in, it is reported in every iteration; the
 * ready bits passed to {@code onReady} are never outside the registration's interest at the time of
 * the call, except the READ of a promised fake; and a readiness may turn out to be empty.
 *
 * <h2>Tasks</h2>
 * {@code execute} wakes a waiting loop. Tasks from one thread run in submission order, never inside
 * another callback. Batching rule: the task step runs the tasks queued when it began; tasks
 * submitted while it runs (a task that submits a task) wait for the next iteration, after the next
 * poll, so tasks cannot starve I/O. (A loop may run them in the same step; it must not run them
 * forever without polling.)
 *
 * <h2>Timers</h2>
 * {@link #schedule} runs the task on the loop thread <b>never before</b> its delay has passed, by
 * {@link System#nanoTime()}. It may run it later: a loop with coarse timers (a 10 ms or 50 ms
 * tick) is correct. The kit measures how late the loop's timers are before it starts, sizes its
 * timer-driven cases to that lateness, and fails every case with a message saying so when timers are
 * more than 250 ms late on average (the core's own deadlines, a lingering close or a shutdown, could
 * not be kept then). Timers of equal deadline run in the order they were scheduled.
 * {@link Cancellable#cancel()} works from any thread; once it returned {@code true} the task never
 * runs, and a loop should let go of the task at once (not keep it reachable until its deadline: the
 * core re-arms idle timeouts per read, and a cancelled task holds its connection).
 *
 * <h2>Pending input and {@code fakePollIn}</h2>
 * Bytes can be buffered above the socket (decrypted TLS, a parser's leftovers) while the socket
 * itself will never become readable again. The core owns that condition. When it needs such a
 * registration served, it calls {@link #fakePollIn}. A loop that implements it returns {@code true}
 * and reports {@link Interest#READ} for that registration in the dispatch of its next iteration,
 * whatever the registration's interest and whether or not the socket is readable, and must not
 * block in its poller while such a fake is queued. Fakes asked for during a dispatch wait for the
 * next iteration, so one busy connection cannot keep the loop in its dispatch step. The default
 * returns {@code false}: the core then falls back to {@code execute(...)}, so a loop that knows
 * nothing of the hook still delivers every byte. The core never both fakes and falls back.
 *
 * <p><b>A fake and a real READ.</b> A promised fake is kept by any READ callback for that
 * registration in that dispatch. A loop should merge a fake and a real READ of the same iteration
 * into one callback; delivering them as two is also correct (the second is then a spurious
 * readiness, which the core accepts).
 *
 * <h2>Shutdown</h2>
 * {@link #shutdown()} stops the loop after the tasks already submitted have run; later
 * {@code execute}/{@code schedule} calls throw {@link java.util.concurrent.RejectedExecutionException}.
 * Timers still waiting at that point never run (a loop should report them cancelled), and fakes
 * still queued are dropped. The core closes every socket it registered before it shuts a loop down;
 * a loop does not close sockets it did not open. The returned stage completes once the loop has
 * released its own resources (selector, threads); a loop that broke (a bug of its own, not a
 * callback's exception) should complete it exceptionally with the cause, so that nobody waits for a
 * loop that will never run again.
 *
 * <h2>Who drives the loop</h2>
 * The core never drives a loop: it only calls the methods of this interface. A loop runs either on
 * a thread of its own (the classic shape), or on the application's thread through a
 * {@code tick()} the application calls between its own work (a game's frame loop). A provider found
 * by {@link java.util.ServiceLoader} (the kit, the benchmark, {@code loopwork.transport=<name>}) is
 * made through its no-argument constructor, and nobody out there knows about {@code tick()}: such a
 * provider must see to it that every loop it makes is driven, e.g. by starting a thread that ticks
 * it until it has terminated (the example's {@code TickHost}). A tick loop completes its shutdown
 * stage on a later tick: the ticking thread must keep ticking and must not block waiting for it.
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
     * Runs {@code task} on the loop thread after {@code delay}, never before (see the class comment).
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
     * @throws dev.loopwork.WrongThreadException if not called on the loop thread
     * @throws IllegalArgumentException if the registration was made by another loop (loops may check this)
     */
    default boolean fakePollIn(Registration registration) {
        return false;
    }

    /** Stops the loop (see the class comment). Idempotent. */
    CompletionStage<Void> shutdown();
}
