package dev.loopwork.tck;

import dev.loopwork.Cancellable;
import dev.loopwork.spi.Interest;
import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.Pollable;
import dev.loopwork.spi.Ready;
import dev.loopwork.spi.Registration;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link LoopOps} that delegates every call to a provider's loop and counts what passes through,
 * so that the kit can see how the connection core used the loop.
 *
 * <h2>What is counted</h2>
 * <ul>
 *   <li>{@link #fakePollIn} calls, split by the loop's answer, and how many promised fakes were
 *       followed by a READ readiness for that registration ({@link #fakeReadsDelivered()});</li>
 *   <li>tasks submitted through {@link #execute} and run, timers scheduled and run, readiness callbacks;</li>
 *   <li>every thread that ran a task, a timer or a readiness callback (the loop's threads), and
 *       whether {@link #shutdown()} was called and completed.</li>
 * </ul>
 *
 * <h2>Transparency</h2>
 * Registrations are not wrapped: the core gets the loop's own {@link Registration} objects and passes
 * them back unchanged, so a loop that recognises its registrations by type or identity still works.
 * Only {@link Runnable}s and the {@link Ready} callback are wrapped. Null arguments are passed on
 * unchanged, so the loop's own argument checks are what the core sees.
 */
public final class CountingLoopOps implements LoopOps {

    private final LoopOps delegate;
    private final LoopConfig config;

    private final AtomicLong fakePollInTrue = new AtomicLong();
    private final AtomicLong fakePollInFalse = new AtomicLong();
    private final AtomicLong fakeReadsDelivered = new AtomicLong();
    private final AtomicLong readyCalls = new AtomicLong();
    private final AtomicLong registrations = new AtomicLong();
    private final AtomicLong tasksSubmitted = new AtomicLong();
    private final AtomicLong tasksRun = new AtomicLong();
    private final AtomicLong timersScheduled = new AtomicLong();
    private final AtomicLong timersRun = new AtomicLong();
    private final AtomicLong shutdownCalls = new AtomicLong();
    private final CompletableFuture<Void> shutdownDone = new CompletableFuture<>();

    // Registrations the loop promised a fake READ for and has not yet reported readable.
    private final Set<Registration> promisedFakes = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private volatile Thread lastThread;

    CountingLoopOps(LoopOps delegate, LoopConfig config) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.config = config;
    }

    /** The provider's own loop. */
    public LoopOps delegate() {
        return delegate;
    }

    public LoopConfig config() {
        return config;
    }

    @Override
    public boolean inLoop() {
        return delegate.inLoop();
    }

    @Override
    public Registration register(Pollable pollable, int interest, Ready ready) {
        Ready counted = ready == null ? null : (registration, readyOps) -> {
            seen();
            readyCalls.incrementAndGet();
            if (Interest.isReadable(readyOps) && promisedFakes.remove(registration)) {
                fakeReadsDelivered.incrementAndGet();
            }
            ready.onReady(registration, readyOps);
        };
        Registration r = delegate.register(pollable, interest, counted);
        registrations.incrementAndGet();
        return r;
    }

    @Override
    public void execute(Runnable task) {
        if (task == null) {
            delegate.execute(null);
            return;
        }
        delegate.execute(() -> {
            seen();
            tasksRun.incrementAndGet();
            task.run();
        });
        // Counted after the delegate accepted it: a rejected task was never submitted.
        tasksSubmitted.incrementAndGet();
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        if (task == null) {
            return delegate.schedule(null, delay, unit);
        }
        Cancellable c = delegate.schedule(() -> {
            seen();
            timersRun.incrementAndGet();
            task.run();
        }, delay, unit);
        timersScheduled.incrementAndGet();
        return c;
    }

    @Override
    public boolean fakePollIn(Registration registration) {
        seen();
        boolean promised = delegate.fakePollIn(registration);
        if (promised) {
            fakePollInTrue.incrementAndGet();
            promisedFakes.add(registration);
        } else {
            fakePollInFalse.incrementAndGet();
        }
        return promised;
    }

    @Override
    public CompletionStage<Void> shutdown() {
        shutdownCalls.incrementAndGet();
        CompletionStage<Void> stage = delegate.shutdown();
        // The caller sees the shutdown complete only once it is counted: a dependent of the loop's
        // own stage may still be running when a thread blocked on that stage wakes up.
        return stage.whenComplete((v, e) -> {
            promisedFakes.clear(); // a stopped loop owes nothing; do not keep its sockets reachable
            if (e != null) {
                shutdownDone.completeExceptionally(e);
            } else {
                shutdownDone.complete(null);
            }
        });
    }

    private void seen() {
        Thread t = Thread.currentThread();
        if (t != lastThread) {
            lastThread = t;
            threads.add(t);
        }
    }

    public long fakePollInTrue() {
        return fakePollInTrue.get();
    }

    public long fakePollInFalse() {
        return fakePollInFalse.get();
    }

    /** Fakes promised by the loop and then delivered as a READ readiness for that registration. */
    public long fakeReadsDelivered() {
        return fakeReadsDelivered.get();
    }

    public long readyCalls() {
        return readyCalls.get();
    }

    public long registrations() {
        return registrations.get();
    }

    public long tasksSubmitted() {
        return tasksSubmitted.get();
    }

    public long tasksRun() {
        return tasksRun.get();
    }

    public long timersScheduled() {
        return timersScheduled.get();
    }

    public long timersRun() {
        return timersRun.get();
    }

    public long shutdownCalls() {
        return shutdownCalls.get();
    }

    /** Completes when the stage returned by the loop's {@code shutdown()} completes. */
    public CompletableFuture<Void> shutdownDone() {
        return shutdownDone;
    }

    /** Every thread that ran a task, a timer or a readiness callback of this loop. */
    public Set<Thread> threads() {
        return Set.copyOf(threads);
    }

    @Override
    public String toString() {
        return "CountingLoopOps{" + config + ", fakePollIn true=" + fakePollInTrue + " false=" + fakePollInFalse
                + " delivered=" + fakeReadsDelivered + ", ready=" + readyCalls + ", registrations=" + registrations
                + ", tasks=" + tasksRun + '/' + tasksSubmitted + ", timers=" + timersRun + '/' + timersScheduled
                + ", shutdown calls=" + shutdownCalls + (shutdownDone.isDone() ? " (done)" : "")
                + ", threads=" + threads.stream().map(Thread::getName).sorted().toList() + ", delegate=" + delegate + '}';
    }
}
