package dev.loopwork.example;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example loop on a thread of its own that blocks in {@code select} until a socket is ready,
 * a task arrives ({@code execute} wakes the selector) or the next timer is due: the classic shape
 * of an event loop, as in Netty's NIO loop or Loopwork's own {@code nio} provider.
 *
 * <h2>Threads</h2>
 * The loop thread is started by {@link #start} and is the only thread for which
 * {@link #inLoop()} is true. It ends after {@link #shutdown()}, once the queued tasks have run and
 * the selector is closed.
 *
 * <h2>Pending input</h2>
 * This flavour keeps the SPI's default {@code fakePollIn} (it answers {@code false}), so the core
 * serves pending input with a task; {@link FakePollInThreadLoop} implements the hook.
 */
public class ThreadLoop extends SelectorLoop {

    private static final Logger log = LoggerFactory.getLogger(ThreadLoop.class);

    private final Thread thread;

    ThreadLoop(String name) {
        super(name);
        this.thread = new Thread(this::run, name);
    }

    /** A loop whose thread, named {@code name}, is already running. */
    public static ThreadLoop start(String name) {
        return startLoop(new ThreadLoop(name));
    }

    static <L extends ThreadLoop> L startLoop(L loop) {
        loop.thread().start();
        return loop;
    }

    @Override
    public final boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** The loop's thread (for diagnostics and tests). */
    public final Thread thread() {
        return thread;
    }

    private void run() {
        log.debug("loop thread '{}' started", thread.getName());
        try {
            while (!isTerminated()) {
                runOnce(true);
            }
        } catch (RuntimeException | Error e) {
            abandon(e); // runOnce catches what callbacks throw: this is a bug of the loop itself
            return;
        }
        log.debug("loop thread '{}' ends", thread.getName());
    }
}
