package dev.loopwork.bench.server;

import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.spi.Registration;
import dev.loopwork.support.ForwardingLoopOps;
import dev.loopwork.support.ForwardingLoopProvider;

/**
 * A provider around a real one whose loops decline {@code fakePollIn} without asking the real loop,
 * so the core takes its fallback (a task per service) on a loop that has the hook: the pausing rows
 * compare hook and fallback on the same loop. Everything else passes through untouched. Which path
 * served a row is counted by the core itself ({@code LoopGroup.pendingInputStats()}).
 */
final class HookHidingProvider extends ForwardingLoopProvider {

    HookHidingProvider(LoopProvider delegate) {
        super(delegate);
    }

    @Override
    protected LoopOps wrap(LoopOps loop, LoopConfig config) {
        return new ForwardingLoopOps(loop) {
            @Override
            public boolean fakePollIn(Registration registration) {
                return false; // the hook hidden: the core serves pending input by its fallback task
            }

            @Override
            public String toString() {
                return "HookHidden{" + loop + "}";
            }
        };
    }
}
