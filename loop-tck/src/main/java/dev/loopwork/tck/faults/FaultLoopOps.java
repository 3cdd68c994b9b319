package dev.loopwork.tck.faults;

import dev.loopwork.Cancellable;
import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.Pollable;
import dev.loopwork.spi.Ready;
import dev.loopwork.spi.Registration;
import dev.loopwork.support.ForwardingLoopOps;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The loop of a {@link FaultInjectingProvider}: forwards everything to the provider's own loop,
 * handing it the provider's own socket behind a faulty wrapper, and counts what the loop ran
 * (readiness callbacks, tasks, timers). That count, per second, is how the kit sees a loop spin.
 */
public final class FaultLoopOps extends ForwardingLoopOps {

    private final LoopConfig config;
    private final AtomicLong activity = new AtomicLong();

    FaultLoopOps(LoopOps delegate, LoopConfig config) {
        super(delegate);
        this.config = config;
    }

    /** Readiness callbacks, tasks and timers run so far: the work of the loop's iterations. */
    public long activity() {
        return activity.get();
    }

    public LoopConfig config() {
        return config;
    }

    static Pollable unwrap(Pollable p) {
        if (p instanceof FaultySocket s) {
            return s.delegate();
        }
        if (p instanceof FaultyListener l) {
            return l.delegate();
        }
        return p;
    }

    @Override
    public Registration register(Pollable pollable, int interest, Ready ready) {
        Ready counted = ready == null ? null : (r, ops) -> {
            activity.incrementAndGet();
            ready.onReady(r, ops);
        };
        return delegate().register(unwrap(pollable), interest, counted);
    }

    @Override
    public void execute(Runnable task) {
        delegate().execute(task == null ? null : () -> {
            activity.incrementAndGet();
            task.run();
        });
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        return delegate().schedule(task == null ? null : () -> {
            activity.incrementAndGet();
            task.run();
        }, delay, unit);
    }

    @Override
    public String toString() {
        return "FaultLoopOps{" + config + ", activity=" + activity + ", delegate=" + delegate() + '}';
    }
}
