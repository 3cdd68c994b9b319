package dev.loopwork.tck;

import dev.loopwork.LoopGroup;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Checks that a case left nothing behind: descriptors, loop threads, pooled buffers, running loops.
 *
 * <h2>What "nothing" means</h2>
 * <ul>
 *   <li>every group has terminated and has no open connection;</li>
 *   <li>{@code group.buffers().outstanding() == 0} for every group (the pool's leak report is
 *       printed otherwise);</li>
 *   <li>every loop the provider made was shut down by the core and its shutdown completed;</li>
 *   <li>every thread that ran loop code, and every helper thread of the case, has ended;</li>
 *   <li>no socket, pipe, epoll or eventfd descriptor is open that was not open at the baseline;</li>
 *   <li>whatever extra checks the case registered hold (the TLS cases: every TLS stage released
 *       exactly once and its engine freed).</li>
 * </ul>
 *
 * <h2>Waiting</h2>
 * Releases are allowed to lag a little (a loop thread exits after its future completes, a selector
 * closes after the last task), so the conditions are polled until they hold or the timeout passes.
 * The failure lists every problem still present at the end, not only the first.
 */
public final class LeakChecker {

    private final FdSnapshot baseline;
    private final Duration timeout;

    /** Takes the descriptor baseline now. */
    public LeakChecker(Duration timeout) {
        this.timeout = timeout;
        this.baseline = FdSnapshot.take();
    }

    public FdSnapshot baseline() {
        return baseline;
    }

    /**
     * Waits until nothing is left, then returns; throws an {@link AssertionError} listing what is
     * still left after the timeout.
     *
     * @param groups  every group the case built
     * @param provider the counting provider the groups were built from (its loops and threads)
     * @param helpers threads the case started itself
     */
    public void assertNoLeaks(Collection<LoopGroup> groups, CountingLoopProvider provider, Collection<Thread> helpers) {
        assertNoLeaks(groups, provider, helpers, List.of());
    }

    /**
     * As {@link #assertNoLeaks(Collection, CountingLoopProvider, Collection)}, plus checks of the
     * case's own (TLS engines released, ...): each returns the problems present right now.
     */
    public void assertNoLeaks(Collection<LoopGroup> groups, CountingLoopProvider provider, Collection<Thread> helpers,
                              Collection<? extends Supplier<List<String>>> extraChecks) {
        try {
            Awaitility.await("nothing left open").atMost(timeout).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
                        List<String> problems = problems(groups, provider, helpers, extraChecks);
                        if (!problems.isEmpty()) {
                            throw new AssertionError(String.join("\n", problems));
                        }
                    });
        } catch (ConditionTimeoutException e) {
            List<String> problems = problems(groups, provider, helpers, extraChecks);
            throw new AssertionError("leak check failed after waiting " + timeout + ":\n  "
                    + String.join("\n  ", problems) + "\nprovider: " + provider, e);
        }
    }

    /** Every problem present right now; empty if nothing is left. */
    public List<String> problems(Collection<LoopGroup> groups, CountingLoopProvider provider,
                                 Collection<Thread> helpers) {
        return problems(groups, provider, helpers, List.of());
    }

    /** Every problem present right now, the extra checks' included; empty if nothing is left. */
    public List<String> problems(Collection<LoopGroup> groups, CountingLoopProvider provider,
                                 Collection<Thread> helpers, Collection<? extends Supplier<List<String>>> extraChecks) {
        List<String> problems = new ArrayList<>();
        for (Supplier<List<String>> check : extraChecks) {
            problems.addAll(check.get());
        }
        for (LoopGroup g : groups) {
            if (!g.terminationFuture().toCompletableFuture().isDone()) {
                problems.add("group " + g + " has not terminated (shutting down: " + g.isShuttingDown() + ')');
            }
            if (g.connectionCount() != 0) {
                problems.add("group " + g + " still counts " + g.connectionCount() + " open connection(s)");
            }
            long outstanding = g.buffers().outstanding();
            if (outstanding != 0) {
                problems.add("group " + g + ": " + outstanding + " pooled buffer(s) not released:\n"
                        + g.buffers().leakReport());
            }
        }
        for (CountingLoopOps loop : provider.loops()) {
            if (loop.shutdownCalls() == 0) {
                problems.add("loop " + loop.config() + " was never shut down");
            } else if (!loop.shutdownDone().isDone()) {
                problems.add("loop " + loop.config() + ": shutdown() was called but its stage has not completed");
            }
        }
        Set<Thread> threads = new LinkedHashSet<>(provider.loopThreads());
        threads.addAll(helpers);
        threads.remove(Thread.currentThread()); // a loop ticked by the checking thread itself
        for (Thread t : threads) {
            if (t.isAlive()) {
                problems.add("thread still alive: " + describe(t));
            }
        }
        for (String fd : FdSnapshot.take().newSince(baseline)) {
            problems.add("descriptor still open: " + fd);
        }
        return problems;
    }

    private static String describe(Thread t) {
        StringBuilder sb = new StringBuilder(t.getName()).append(" (").append(t.getState()).append(')');
        StackTraceElement[] stack = t.getStackTrace();
        for (int i = 0; i < Math.min(8, stack.length); i++) {
            sb.append("\n      at ").append(stack[i]);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "LeakChecker{baseline=" + baseline + ", timeout=" + timeout + '}';
    }
}
