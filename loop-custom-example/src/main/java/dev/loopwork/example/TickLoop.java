package dev.loopwork.example;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The example loop driven by the application's own thread: a game's frame loop, a UI toolkit's
 * idle callback, a simulation step. Each {@link #tick()} does one iteration and never blocks, so it
 * can sit between two frames. This is how a library is embedded in a program that already owns
 * its main loop and cannot hand a thread over.
 *
 * <pre>{@code
 * Queue<TickLoop> loops = new ConcurrentLinkedQueue<>();
 * LoopGroup group = Loopwork.group().provider(new ExampleTickProvider(loops::add)).loops(1).build();
 * while (running) {
 *     for (TickLoop loop : loops) {
 *         loop.tick();      // Loopwork's sockets, timers and tasks: never blocks
 *     }
 *     renderFrame();        // the application's own work
 * }
 * }</pre>
 *
 * <h2>Threads</h2>
 * Any thread may tick, one at a time; while it is inside {@code tick()} it is the loop thread
 * ({@link #inLoop()} is true there, and only there), so every callback, timer and task runs on it.
 * Outside a tick no thread is the loop thread: {@code register} fails, and work is handed over
 * with {@link #execute}, which never wakes anybody: it waits for the next tick.
 *
 * <h2>Timers</h2>
 * A timer runs at the first tick after its deadline: a program that ticks once per 16 ms frame
 * gets 16 ms timer resolution.
 *
 * <h2>Shutdown</h2>
 * After {@link #shutdown()} the next ticks run the queued tasks, then one of them closes the
 * selector and completes the stage. A loop that nobody ticks never terminates.
 *
 * <h2>Pending input</h2>
 * This flavour keeps the SPI's default {@code fakePollIn}; {@link FakePollInTickLoop} implements it.
 *
 * @see TickHost a stand-in for the application's frame loop
 */
public class TickLoop extends SelectorLoop {

    private final AtomicReference<Thread> driver = new AtomicReference<>();

    TickLoop(String name) {
        super(name);
    }

    /** A loop that does nothing until somebody calls {@link #tick()}. */
    public static TickLoop create(String name) {
        return new TickLoop(name);
    }

    /**
     * Runs one iteration without blocking: ready sockets and fake POLLINs, due timers, queued tasks.
     *
     * @return whether anything ran; a frame loop that has nothing else to do may rest when it is
     *         {@code false}
     * @throws IllegalStateException if called from a callback of this loop, or while another
     *         thread is ticking it
     * @throws RuntimeException what broke the loop itself, if it broke (never what a callback,
     *         task or timer threw: those are logged); the loop is then terminated and its
     *         shutdown stage failed with it
     */
    public final boolean tick() {
        Thread me = Thread.currentThread();
        if (!driver.compareAndSet(null, me)) {
            Thread other = driver.get();
            throw new IllegalStateException(other == me
                    ? "tick() of loop '" + name() + "' called from inside its own callback"
                    : "tick() of loop '" + name() + "' called on '" + me.getName() + "' while '"
                    + (other == null ? "?" : other.getName()) + "' is ticking it");
        }
        try {
            return runOnce(false);
        } catch (RuntimeException | Error e) {
            abandon(e); // runOnce catches what callbacks throw: this is a bug of the loop itself
            throw e;
        } finally {
            driver.set(null);
        }
    }

    @Override
    public final boolean inLoop() {
        return driver.get() == Thread.currentThread();
    }
}
