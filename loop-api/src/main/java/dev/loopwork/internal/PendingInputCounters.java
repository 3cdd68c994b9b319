package dev.loopwork.internal;

import dev.loopwork.PendingInputStats;

import java.util.concurrent.atomic.LongAdder;

/**
 * A group's counts of pending-input services ({@link PendingInputStats}), bumped by every
 * connection's {@link PendingInputService} on its loop thread. {@link LongAdder}s: the loops of a
 * group bump them concurrently, a reader (the application, the benchmark) only sums them now and then.
 */
final class PendingInputCounters {

    private final LongAdder fakes = new LongAdder();
    private final LongAdder fallbacks = new LongAdder();

    void fake() {
        fakes.increment();
    }

    void fallback() {
        fallbacks.increment();
    }

    PendingInputStats snapshot() {
        return new PendingInputStats(fakes.sum(), fallbacks.sum());
    }
}
