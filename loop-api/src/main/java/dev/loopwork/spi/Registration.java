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
 * on every iteration (see {@link LoopOps} for what an iteration is); the same for
 * {@link Interest#WRITE}. A handler that stops early (a read budget ran out) is therefore called
 * again. Loops over edge-triggered pollers must emulate this.
 *
 * <h2>Ready bits stay within the interest</h2>
 * The bits passed to {@link Ready#onReady} are never 0 and never outside {@link #interest()} as it
 * is when the callback is made: a loop masks what its poller found with the current interest right
 * before each call, because an earlier callback of the same iteration may have changed it. The one
 * exception is the READ of a fake promised by {@link LoopOps#fakePollIn}, delivered whatever the
 * interest. So with interest 0 a registration hears nothing but promised fakes; the kit relies on
 * that to tell a delivered fake from a spurious readiness.
 *
 * <h2>Spurious readiness</h2>
 * A readiness may turn out to be empty: a READ whose read returns 0, a WRITE whose write takes
 * nothing, a WRITE while a connect is still pending ({@link NetSocket#finishConnect()} returns
 * {@code false}). Callers must accept that, and the core does. A loop may report such readiness
 * (pollers do, and a loop may report readiness it is not sure about), but only within the
 * interest. Spurious readiness never stands in for readiness the loop owes: a promised fake, a
 * connect completion, a readable socket must each be reported on their own.
 *
 * <h2>Connecting sockets: WRITE means "the connect has finished"</h2>
 * A socket made by {@link Sockets#connect} is registered with {@link Interest#WRITE}; the loop must
 * report WRITE once the connect has finished, successfully or not, and the caller then calls
 * {@link NetSocket#finishConnect()}. The trap: a JDK {@link java.nio.channels.Selector} reports
 * {@code OP_CONNECT}, not {@code OP_WRITE}, while a connect is pending (it never reports
 * {@code OP_WRITE} for a channel that is not yet connected, and {@code poll} keeps answering POLLOUT,
 * so the selector spins). A loop over a JDK selector must therefore map WRITE interest to
 * {@code OP_CONNECT} while {@link java.nio.channels.SocketChannel#isConnectionPending()} is true,
 * and to {@code OP_WRITE} once {@code finishConnect()} has returned {@code true} (re-translate after
 * each callback: a key left on {@code OP_CONNECT} after the connect also spins). A loop that maps
 * WRITE to {@code OP_WRITE} only never reports a connect; with spurious WRITEs its connects finish
 * late and by chance. The kit's case "SPI: connect completion" catches both: it checks that a
 * connect finished before a later readiness (the listener's accept of that very connection) was
 * reported, and says which rule broke.
 *
 * <h2>Cancelling</h2>
 * After {@link #cancel()} returns, {@code onReady} is not called again for this registration (a
 * fake queued for it is dropped), and the loop has let go of the socket by the time the next task
 * submitted to it runs: closing the socket then releases it fully (a listener's port can be bound
 * again). JDK selectors defer deregistration to their next select; such loops select once more
 * before running later tasks.
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
