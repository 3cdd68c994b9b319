package dev.loopwork.bench.server;

import dev.loopwork.Cancellable;
import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.spi.Pollable;
import dev.loopwork.spi.Ready;
import dev.loopwork.spi.Registration;
import dev.loopwork.spi.Sockets;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's view of how the core served pending input: a provider around a real one whose
 * loops count the core's {@code fakePollIn} calls by the loop's answer. The core calls
 * {@code fakePollIn} exactly once per request for service and counts a fake when the loop says
 * yes and a fallback ({@code execute}) when it says no, so these are the core's own counts
 * (which it keeps per connection and shows only in {@code Connection.toString()}).
 *
 * <p>With {@code hideHook} the loops answer no without asking the real loop: the core takes its
 * fallback on a loop that has the hook, so hook and fallback are compared on the same loop.
 *
 * <p>Lean on purpose (the TCK's {@code CountingLoopOps} wraps every readiness callback and task):
 * registrations, readiness callbacks and tasks pass through untouched, so every row can run on it
 * at the cost of one forwarding call per task.
 */
final class CountingProvider implements LoopProvider {

    private final LoopProvider delegate;
    private final boolean hideHook;
    private final AtomicLong fakes = new AtomicLong();
    private final AtomicLong fallbacks = new AtomicLong();

    CountingProvider(LoopProvider delegate, boolean hideHook) {
        this.delegate = delegate;
        this.hideHook = hideHook;
    }

    long fakes() {
        return fakes.get();
    }

    long fallbacks() {
        return fallbacks.get();
    }

    boolean hidesHook() {
        return hideHook;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public int priority() {
        return delegate.priority();
    }

    @Override
    public boolean isAvailable() {
        return delegate.isAvailable();
    }

    @Override
    public Optional<Throwable> unavailabilityCause() {
        return delegate.unavailabilityCause();
    }

    @Override
    public LoopOps newLoop(LoopConfig config) {
        return new Ops(delegate.newLoop(config));
    }

    @Override
    public Sockets sockets() {
        return delegate.sockets();
    }

    private final class Ops implements LoopOps {
        private final LoopOps loop;

        Ops(LoopOps loop) {
            this.loop = loop;
        }

        @Override
        public boolean inLoop() {
            return loop.inLoop();
        }

        @Override
        public Registration register(Pollable pollable, int interest, Ready ready) {
            return loop.register(pollable, interest, ready);
        }

        @Override
        public void execute(Runnable task) {
            loop.execute(task);
        }

        @Override
        public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
            return loop.schedule(task, delay, unit);
        }

        @Override
        public boolean fakePollIn(Registration registration) {
            boolean promised = !hideHook && loop.fakePollIn(registration);
            (promised ? fakes : fallbacks).incrementAndGet();
            return promised;
        }

        @Override
        public CompletionStage<Void> shutdown() {
            return loop.shutdown();
        }

        @Override
        public String toString() {
            return "Counting" + (hideHook ? "(hook hidden)" : "") + "{" + loop + "}";
        }
    }
}
