package dev.loopwork.example;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The example loop driven by the application's own thread (a game's frame loop, a UI toolkit's idle
 * callback): each {@link #tick()} does one iteration and never blocks.
 *
 * <pre>{@code
 * Queue<TickLoop> loops = new ConcurrentLinkedQueue<>();
 * LoopGroup group = Loopwork.group().provider(new ExampleTickProvider(loops::add)).loops(1).build();
 * while (running) {
 *     for (TickLoop loop : loops) loop.tick();   // Loopwork's sockets, timers and tasks
 *     renderFrame();                             // the application's own work
 * }
 * }</pre>
 *
 * <h2>Threads</h2>
 * Any thread may tick, one at a time; while inside {@code tick()} it is the loop thread. Outside a
 * tick no thread is: work is handed over with {@code execute}, which waits for the next tick. A timer
 * runs at the first tick after its deadline. After {@code shutdown()} the next ticks run the queued
 * tasks and close the loop; a loop that nobody ticks never terminates.
 *
 * @see TickHost a stand-in for the application's frame loop
 */
public final class TickLoop extends SelectorLoop {

    private final AtomicReference<Thread> driver = new AtomicReference<>();

    private TickLoop(String name, boolean fakePollIn) {
        super(name, fakePollIn);
    }

    /** A loop that does nothing until somebody calls {@link #tick()}; {@code fakePollIn}: implement the hook. */
    public static TickLoop create(String name, boolean fakePollIn) {
        return new TickLoop(name, fakePollIn);
    }

    /**
     * One iteration, without blocking.
     *
     * @return whether anything ran (a frame loop with nothing else to do may rest when false)
     * @throws IllegalStateException from inside a callback of this loop, or while another thread ticks it
     */
    public boolean tick() {
        Thread me = Thread.currentThread();
        if (!driver.compareAndSet(null, me)) {
            Thread other = driver.get();
            throw new IllegalStateException("tick() of loop '" + name + "' called " + (other == me
                    ? "from inside its own callback" : "on '" + me.getName() + "' while another thread is ticking it"));
        }
        try {
            return runOnce(false);
        } catch (RuntimeException | Error e) {
            terminate(e); // runOnce catches what callbacks throw: this is a bug of the loop itself
            throw e;
        } finally {
            driver.set(null);
        }
    }

    @Override
    public boolean inLoop() {
        return driver.get() == Thread.currentThread();
    }
}
