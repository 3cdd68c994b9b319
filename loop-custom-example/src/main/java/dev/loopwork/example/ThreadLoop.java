package dev.loopwork.example;

/**
 * The example loop on a thread of its own that blocks in {@code select} until a socket is ready, a
 * task arrives or the next timer is due: the classic shape of an event loop. The thread is the only
 * one for which {@link #inLoop()} is true; it ends once the loop has terminated.
 */
public final class ThreadLoop extends SelectorLoop {

    private final Thread thread;

    private ThreadLoop(String name, boolean fakePollIn) {
        super(name, fakePollIn);
        thread = new Thread(this::run, name);
    }

    /** A loop whose thread, named {@code name}, is already running; {@code fakePollIn}: implement the hook. */
    public static ThreadLoop start(String name, boolean fakePollIn) {
        ThreadLoop loop = new ThreadLoop(name, fakePollIn);
        loop.thread.start();
        return loop;
    }

    @Override
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    private void run() {
        try {
            while (!isTerminated()) {
                runOnce(true);
            }
        } catch (RuntimeException | Error e) {
            terminate(e); // runOnce catches what callbacks throw: this is a bug of the loop itself
        }
    }
}
