package dev.loopwork.tck;

import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.support.ForwardingLoopProvider;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;

/**
 * A {@link LoopProvider} that hands out {@link CountingLoopOps} around the loops of another provider
 * and sums their counters. Everything else (name, priority, availability, sockets) is the wrapped
 * provider's.
 *
 * <h2>Use</h2>
 * The kit builds every group of a case from one instance, then reads the sums: how often the core
 * called {@code fakePollIn} and what the loop answered, which threads ran loop code, whether every
 * loop was shut down. An integrator can use it the same way in tests of their own.
 *
 * <h2>Threads</h2>
 * Thread-safe; counters are read while loops run and are exact once the loops have stopped.
 */
public final class CountingLoopProvider extends ForwardingLoopProvider {

    private final List<CountingLoopOps> loops = new CopyOnWriteArrayList<>();

    public CountingLoopProvider(LoopProvider delegate) {
        super(delegate);
    }

    @Override
    protected LoopOps wrap(LoopOps loop, LoopConfig config) {
        CountingLoopOps ops = new CountingLoopOps(loop, config);
        loops.add(ops);
        return ops;
    }

    /** Every loop made so far, in creation order. */
    public List<CountingLoopOps> loops() {
        return List.copyOf(loops);
    }

    public long fakePollInTrue() {
        return sum(CountingLoopOps::fakePollInTrue);
    }

    public long fakePollInFalse() {
        return sum(CountingLoopOps::fakePollInFalse);
    }

    public long fakeReadsDelivered() {
        return sum(CountingLoopOps::fakeReadsDelivered);
    }

    public long tasksRun() {
        return sum(CountingLoopOps::tasksRun);
    }

    public long timersRun() {
        return sum(CountingLoopOps::timersRun);
    }

    /** Every thread that ran code of any loop made by this provider. */
    public Set<Thread> loopThreads() {
        Set<Thread> all = new HashSet<>();
        for (CountingLoopOps l : loops) {
            all.addAll(l.threads());
        }
        return all;
    }

    private long sum(ToLongFunction<CountingLoopOps> counter) {
        long total = 0;
        for (CountingLoopOps l : loops) {
            total += counter.applyAsLong(l);
        }
        return total;
    }

    /** The fakePollIn sums on one line, for assertion messages. */
    public String fakePollInSummary() {
        return "fakePollIn answered true " + fakePollInTrue() + " times, false " + fakePollInFalse()
                + " times; promised fakes delivered as READ: " + fakeReadsDelivered() + "; tasks run: " + tasksRun();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("CountingLoopProvider{").append(delegate().name()).append(", ")
                .append(fakePollInSummary()).append(", loops=[");
        for (CountingLoopOps l : loops) {
            sb.append("\n  ").append(l);
        }
        return sb.append(loops.isEmpty() ? "]}" : "\n]}").toString();
    }
}
