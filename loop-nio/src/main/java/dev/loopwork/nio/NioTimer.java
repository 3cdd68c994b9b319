package dev.loopwork.nio;

import dev.loopwork.Cancellable;

/** A task due at a point of {@link System#nanoTime()}; cancellable from any thread. */
final class NioTimer implements Cancellable, Comparable<NioTimer> {

    final long deadline;
    final long sequence;
    final Runnable task;
    private volatile int state; // 0 waiting, 1 cancelled, 2 started

    NioTimer(long deadline, long sequence, Runnable task) {
        this.deadline = deadline;
        this.sequence = sequence;
        this.task = task;
    }

    @Override
    public synchronized boolean cancel() {
        if (state != 0) {
            return state == 1;
        }
        state = 1;
        return true;
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
                + (state == 0 ? "waiting" : state == 1 ? "cancelled" : "started") + ", " + task + '}';
    }
}
