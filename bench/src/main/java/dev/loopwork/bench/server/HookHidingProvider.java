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

/**
 * A provider around a real one whose loops decline {@code fakePollIn} without asking the real loop,
 * so the core takes its fallback (a task per service) on a loop that has the hook: the pausing rows
 * compare hook and fallback on the same loop. Everything else passes through untouched. Which path
 * served a row is counted by the core itself ({@code LoopGroup.pendingInputStats()}).
 */
final class HookHidingProvider implements LoopProvider {

    private final LoopProvider delegate;

    HookHidingProvider(LoopProvider delegate) {
        this.delegate = delegate;
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
            return false; // the hook hidden: the core serves pending input by its fallback task
        }

        @Override
        public CompletionStage<Void> shutdown() {
            return loop.shutdown();
        }

        @Override
        public String toString() {
            return "HookHidden{" + loop + "}";
        }
    }
}
