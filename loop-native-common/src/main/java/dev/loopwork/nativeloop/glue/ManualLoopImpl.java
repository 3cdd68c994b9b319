package dev.loopwork.nativeloop.glue;

import dev.loopwork.WrongThreadException;
import dev.loopwork.nativeloop.ManualLoop;
import io.netty.channel.ManualIoEventLoop;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link ManualLoop} over Netty's {@link ManualIoEventLoop}. The first thread that runs it becomes its
 * owner ({@code setOwningThread}); the termination future completes inside the run that saw the loop
 * terminate.
 */
final class ManualLoopImpl implements ManualLoop {

    private final String name;
    private final ManualIoEventLoop loop;
    private final CompletableFuture<Void> terminated;
    private volatile Thread thread;

    ManualLoopImpl(String name, ManualIoEventLoop loop, CompletableFuture<Void> terminated) {
        this.name = name;
        this.loop = loop;
        this.terminated = terminated;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int run(Duration maxWait) {
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must be >= 0, was " + maxWait);
        }
        bind();
        // Netty reads 0 as "wait forever" and a negative value as "do not wait".
        long nanos = maxWait.isZero() ? -1 : Math.max(1, saturatedNanos(maxWait));
        return after(loop.run(nanos));
    }

    @Override
    public int runNow() {
        bind();
        return after(loop.runNow());
    }

    @Override
    public void runUntilTerminated() {
        bind();
        while (!loop.isTerminated()) {
            after(loop.run(0));
        }
        after(0);
    }

    private int after(int handled) {
        if (loop.isTerminated()) {
            terminated.complete(null);
        }
        return handled;
    }

    private void bind() {
        Thread me = Thread.currentThread();
        if (thread == me) {
            return;
        }
        synchronized (this) {
            if (thread == null) {
                loop.setOwningThread(me);
                thread = me;
                return;
            }
        }
        throw new WrongThreadException("manual loop '" + name + "' is run by thread '" + thread.getName()
                + "'; '" + me.getName() + "' may not run it");
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public void wakeup() {
        loop.wakeup();
    }

    @Override
    public Thread thread() {
        return thread;
    }

    @Override
    public boolean isShuttingDown() {
        return loop.isShuttingDown();
    }

    @Override
    public boolean isTerminated() {
        return loop.isTerminated();
    }

    @Override
    public CompletionStage<Void> terminationFuture() {
        return terminated.minimalCompletionStage();
    }

    @Override
    public String toString() {
        Thread t = thread;
        return "ManualLoop{" + name + ", thread=" + (t == null ? "none yet" : t.getName()) + ", "
                + (loop.isTerminated() ? "terminated" : loop.isShuttingDown() ? "shutting down" : "running") + '}';
    }
}
