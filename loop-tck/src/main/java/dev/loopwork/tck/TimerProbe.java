package dev.loopwork.tck;

import dev.loopwork.Loop;
import dev.loopwork.LoopGroup;
import dev.loopwork.bootstrap.Loopwork;
import dev.loopwork.spi.LoopProvider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Measures how late a provider's timers fire, before the kit runs. {@link dev.loopwork.spi.LoopOps}
 * allows late timers (a loop with a 10 ms or 50 ms tick is correct) and forbids early ones. The kit
 * uses the measured lateness to size its timer-driven cases (a case that resumes a paused reader
 * 2,048 times from a timer would take 2,048 times the lateness), to explain a case that timed out,
 * and to refuse a loop whose timers are so late that the core's own deadlines cannot be kept.
 *
 * <h2>How</h2>
 * {@value #SAMPLES} timers of 1 ms, each scheduled from the previous one's callback on one loop of a
 * group of the provider; lateness is the time from scheduling to running, minus the delay.
 */
public final class TimerProbe {

    /** Timers measured. */
    static final int SAMPLES = 12;

    /** Above this average lateness the kit refuses the loop (see {@link dev.loopwork.spi.LoopOps}, "Timers"). */
    public static final Duration MAX_AVERAGE_LATENESS = Duration.ofMillis(250);

    /** The rule quoted by failures about timers. */
    static final String RULE = "LoopOps, 'Timers': schedule() never runs a task before its delay has passed; "
            + "late is allowed (coarse ticks)";

    /**
     * @param averageNanos lateness averaged over the samples
     * @param maxNanos     the latest sample
     * @param early        samples that ran before their delay, described; empty for a correct loop
     */
    public record Result(long averageNanos, long maxNanos, List<String> early) {

        /** One line for messages. */
        public String describe() {
            return String.format("timers measured %.1f ms late on average (at most %.1f ms, %d timers of 1 ms)",
                    averageNanos / 1e6, maxNanos / 1e6, SAMPLES);
        }
    }

    private TimerProbe() {
    }

    /** Measures on a new group of one loop of {@code provider}, shut down before returning. */
    public static Result measure(LoopProvider provider) throws Exception {
        LoopGroup g = Loopwork.group().provider(provider).loops(1).name("tck-timer-probe").build();
        try {
            return measure(g.loops().get(0));
        } finally {
            g.shutdownGracefully(Duration.ofSeconds(5)).toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    static Result measure(Loop loop) throws Exception {
        CompletableFuture<long[]> done = new CompletableFuture<>();
        long[] lateness = new long[SAMPLES];
        List<String> early = new ArrayList<>();
        loop.execute(new Runnable() {
            int i;
            long scheduledAt;

            @Override
            public void run() {
                scheduledAt = System.nanoTime();
                loop.schedule(this::fired, 1, TimeUnit.MILLISECONDS);
            }

            private void fired() {
                long late = System.nanoTime() - scheduledAt - TimeUnit.MILLISECONDS.toNanos(1);
                if (late < 0) {
                    early.add("a 1 ms timer ran after " + (late + 1_000_000) / 1000 + " µs");
                }
                lateness[i++] = Math.max(0, late);
                if (i == SAMPLES) {
                    done.complete(lateness);
                } else {
                    run();
                }
            }
        });
        long[] l;
        try {
            // Even a 250 ms tick is done in 3 s; this bound only catches timers that never fire.
            l = done.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timers never fired: " + SAMPLES + " timers of 1 ms, scheduled one after the "
                    + "other, did not all run within 60 s (" + RULE + "; a timer must run at all)", e);
        }
        long sum = 0;
        long max = 0;
        for (long x : l) {
            sum += x;
            max = Math.max(max, x);
        }
        return new Result(sum / SAMPLES, max, List.copyOf(early));
    }

    /**
     * The failure message for a loop the kit cannot run, or {@code null} if the timers are usable:
     * early timers break the contract; timers later than {@link #MAX_AVERAGE_LATENESS} on average
     * are allowed by it but too coarse for the core's deadlines.
     */
    static String refusal(String provider, Result r) {
        if (!r.early().isEmpty()) {
            return "timers of provider '" + provider + "' fire early: " + r.early() + " (" + RULE + ")";
        }
        if (r.averageNanos() > MAX_AVERAGE_LATENESS.toNanos()) {
            return "timers of provider '" + provider + "' fire " + r.averageNanos() / 1_000_000 + " ms late on average ("
                    + r.describe() + "); the kit needs them within " + MAX_AVERAGE_LATENESS.toMillis() + " ms on "
                    + "average: the core's deadlines (lingering close, graceful shutdown, idle timeouts) and the "
                    + "pausing cases run on timers (" + RULE + ", within reason)";
        }
        return null;
    }
}
