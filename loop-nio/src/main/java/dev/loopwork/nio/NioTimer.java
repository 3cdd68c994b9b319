package dev.loopwork.nio;

import dev.loopwork.Cancellable;

/**
 * A task due at a point of {@link System#nanoTime()}; cancellable from any thread. A cancelled timer
 * lets go of its task at once (so what the task captured, often a closed connection, can be
 * collected) and tells its loop, which purges cancelled timers from its queue.
 */
final class NioTimer implements Cancellable, Comparable<NioTimer> {

    final long deadline;
    final long sequence;
    private final NioLoop loop;
    private Runnable task;
    private volatile int state; // 0 waiting, 1 cancelled, 2 started

    NioTimer(NioLoop loop, long deadline, long sequence, Runnable task) {
        this.loop = loop;
        this.deadline = deadline;
        this.sequence = sequence;
        this.task = task;
    }

    @Override
    public boolean cancel() {
        synchronized (this) {
            if (state != 0) {
                return state == 1;
            }
            state = 1;
            task = null;
        }
        loop.timerCancelled();
        return true;
    }

    /** The task, once {@link #start()} said it may run. */
    synchronized Runnable task() {
        return task;
    }

    @Override
    public boolean isCancelled() {
        return state == 1;
    }

    /** Marks the timer started; false if it was cancelled first. */
    synchronized boolean start() {
        if (state != 0) {
            return false;
        }
        state = 2;
        return true;
    }

    @Override
    public int compareTo(NioTimer o) {
        int c = Long.compare(deadline - o.deadline, 0);
        return c != 0 ? c : Long.compare(sequence, o.sequence);
    }

    @Override
    public String toString() {
        return "NioTimer{in " + (deadline - System.nanoTime()) / 1_000_000 + " ms, "
                + (state == 0 ? "waiting" : state == 1 ? "cancelled" : "started") + '}';
    }
}
