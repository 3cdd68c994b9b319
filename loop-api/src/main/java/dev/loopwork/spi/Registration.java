package dev.loopwork.spi;

/**
 * A {@link Pollable} registered with one loop, and what it is interested in.
 *
 * <h2>Threads</h2>
 * Every method runs on the loop thread that made the registration; from another thread,
 * {@link #interest(int)} throws {@link dev.loopwork.WrongThreadException}. A loop may also accept
 * {@link #cancel()} from other threads (the native loops do); the core only cancels on the loop.
 *
 * <h2>Level triggered</h2>
 * While the interest holds {@link Interest#READ} and the socket is readable, the loop reports it
 * on every iteration; the same for {@link Interest#WRITE}. A handler that stops early (a read
 * budget ran out) is therefore called again. Loops over edge-triggered pollers must emulate this.
 *
 * <h2>Spurious events</h2>
 * A readiness may turn out to be empty (a read returns 0): callers must accept that.
 *
 * <h2>Cancelling</h2>
 * After {@link #cancel()} returns, {@code onReady} is not called again for this registration, and
 * the loop has let go of the socket by the time the next task submitted to it runs: closing the
 * socket then releases it fully (a listener's port can be bound again). JDK selectors defer
 * deregistration to their next select; such loops select once more before running later tasks.
 */
public interface Registration {

    Pollable pollable();

    /** The current interest bits. */
    int interest();

    /**
     * Replaces the interest bits (0 means "nothing for now", the registration stays).
     *
     * @throws IllegalArgumentException for bits other than READ and WRITE
     * @throws IllegalStateException if cancelled
     */
    void interest(int ops);

    /**
     * Stops watching the pollable. Idempotent: cancelling a cancelled registration, or one whose
     * loop has terminated, does nothing. Does not close the pollable.
     */
    void cancel();

    boolean isValid();
}
