package dev.loopwork.internal;

import dev.loopwork.Cancellable;
import dev.loopwork.Loop;
import dev.loopwork.spi.LoopOps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** The application's view of one {@link LoopOps}: tasks and timers, no registrations. */
final class RealLoop implements Loop {

    private final LoopOps ops;
    private final int index;
    private final String name;
    private static final VarHandle ACTIVITY;

    static {
        try {
            ACTIVITY = MethodHandles.lookup().findVarHandle(RealLoop.class, "activity", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Counts signs of life on the loop thread (drives, the group's probes); read by the shutdown
     * watch, which only asks "did it change?" seconds apart. Opaque access: the watch sees new
     * values eventually, and a drive pays no fence (a volatile store per drive would).
     */
    @SuppressWarnings("unused") // accessed through ACTIVITY
    private long activity;

    RealLoop(LoopOps ops, int index, String name) {
        this.ops = ops;
        this.index = index;
        this.name = name;
    }

    /** A sign of life: called on the loop thread only, so read-then-write needs no atomicity. */
    void touch() {
        ACTIVITY.setOpaque(this, (long) ACTIVITY.getOpaque(this) + 1);
    }

    long activity() {
        return (long) ACTIVITY.getOpaque(this);
    }

    LoopOps ops() {
        return ops;
    }

    int index() {
        return index;
    }

    @Override
    public boolean inLoop() {
        return ops.inLoop();
    }

    @Override
    public void execute(Runnable task) {
        ops.execute(Objects.requireNonNull(task, "task"));
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(unit, "unit");
        if (delay < 0) {
            throw new IllegalArgumentException("delay must be >= 0, was " + delay + ' ' + unit);
        }
        return ops.schedule(task, delay, unit);
    }

    @Override
    public String toString() {
        return name;
    }
}
