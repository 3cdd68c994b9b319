package dev.loopwork.bench.jmh;

import dev.loopwork.Cancellable;
import dev.loopwork.Loop;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * A loop for code under benchmark that runs on the calling thread: tasks queue up until
 * {@link #runTasks()}; timers never fire (a benchmark iteration is far shorter than any timeout).
 */
final class FakeLoop implements Loop {

    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public boolean inLoop() {
        return true;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        return new Cancellable() {
            private boolean cancelled;

            @Override
            public boolean cancel() {
                boolean was = cancelled;
                cancelled = true;
                return !was;
            }

            @Override
            public boolean isCancelled() {
                return cancelled;
            }
        };
    }

    /** Runs the queued tasks, and those they queue; returns whether there were any. */
    boolean runTasks() {
        boolean any = false;
        for (Runnable t; (t = tasks.poll()) != null; ) {
            t.run();
            any = true;
        }
        return any;
    }
}
