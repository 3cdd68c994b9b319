package dev.loopwork.tck.faults;

import dev.loopwork.ConnectionOptions;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.tck.CountingLoopProvider;
import dev.loopwork.tck.FakePollInExpectation;
import dev.loopwork.tck.TckContext;
import dev.loopwork.tck.TckSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.LongFunction;
import java.util.stream.LongStream;

/**
 * The fault kit: cases of the conformance kit run under a {@link FaultInjectingProvider} around your
 * provider, once per seed. Extend it next to your {@code LoopTck} test:
 *
 * <pre>{@code
 * class MyLoopFaultTest extends FaultTck {
 *     @Override protected LoopProvider provider() { return new MyLoopProvider(); }
 * }
 * }</pre>
 *
 * <h2>What must hold</h2>
 * Nothing the contract promises is lost under short, empty and refused reads and writes: echo
 * (plain and TLS) gives every byte back with equal SHA-256, the TLS upload stall delivers every byte
 * and never while paused, a graceful close delivers everything written before it. A connection the
 * wrapper breaks (a reset on read, a broken pipe on write) ends with that very error as its
 * {@code onClosed} cause, and no other connection is touched. A group shut down with transfers in
 * flight terminates and closes every connection once. While accepts fail the loop does not spin,
 * and accepts resume when the failures stop. After every case the kit's leak check runs
 * (descriptors, threads, pooled buffers).
 *
 * <h2>Seeds</h2>
 * Each case runs once per seed; the seed is in the test's name and in every failure message.
 * {@code -Dloopwork.faults.seeds=N} runs N seeds from {@code -Dloopwork.faults.baseSeed} (default
 * 1); {@code -Dloopwork.faults.seed=S} replays one. {@code mvn -Pstress} runs 40.
 */
public abstract class FaultTck {

    private static final Logger log = LoggerFactory.getLogger(FaultTck.class);

    private TckContext ctx;

    /** The provider under test; called once per case. */
    protected abstract LoopProvider provider();

    /** Loops per group. */
    protected int loops() {
        return 2;
    }

    protected ConnectionOptions connectionOptions() {
        return ConnectionOptions.defaults();
    }

    /** Bound on any single wait inside a case. */
    protected Duration awaitTimeout() {
        return Duration.ofSeconds(30);
    }

    /** The most bytes one echo client sends; sizes are drawn below it from the seed. */
    protected long maxEchoBytes() {
        return 1024 * 1024;
    }

    /** The seeds of this run (see the class comment). */
    public static LongStream seeds() {
        String one = System.getProperty("loopwork.faults.seed");
        if (one != null && !one.isBlank()) {
            return LongStream.of(Long.parseLong(one.trim()));
        }
        int count = Integer.getInteger("loopwork.faults.seeds", 2);
        long base = Long.getLong("loopwork.faults.baseSeed", 1L);
        if (count < 1) {
            throw new IllegalArgumentException("loopwork.faults.seeds must be >= 1, was " + count);
        }
        return LongStream.range(base, base + count);
    }

    /** Builds the case's context over a fault-injecting provider made from {@code plan}. */
    private FaultCase open(long seed, LongFunction<FaultPlan> plan) {
        LoopProvider provider = provider();
        if (!provider.isAvailable()) {
            throw new AssertionError("provider '" + provider.name() + "' is not available here: "
                    + provider.unavailabilityCause().map(Throwable::toString).orElse("no cause given"));
        }
        FaultInjectingProvider faults = new FaultInjectingProvider(provider, plan.apply(seed));
        log.info("fault case on {} with seed {} (replay: -Dloopwork.faults.seed={}): {}", provider.name(), seed, seed,
                faults.plan());
        TckSettings settings = new TckSettings(loops(), FakePollInExpectation.ANY, connectionOptions(), 1,
                maxEchoBytes(), awaitTimeout());
        ctx = new TckContext(new CountingLoopProvider(faults), settings);
        return new FaultCase(ctx, faults);
    }

    @AfterEach
    public final void closeContext() {
        if (ctx != null) {
            TckContext c = ctx;
            ctx = null;
            c.close();
        }
    }

    @ParameterizedTest(name = "echo under faults, seed {0}")
    @MethodSource("dev.loopwork.tck.faults.FaultTck#seeds")
    @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
    public void echo(long seed) throws Exception {
        new EchoUnderFaults(open(seed, s -> FaultPlan.withErrors(s, 2 * maxEchoBytes()))).run(false, 8, maxEchoBytes());
    }

    @ParameterizedTest(name = "TLS echo under faults, seed {0}")
    @MethodSource("dev.loopwork.tck.faults.FaultTck#seeds")
    @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
    public void tlsEcho(long seed) throws Exception {
        new EchoUnderFaults(open(seed, s -> FaultPlan.withErrors(s, 2 * maxEchoBytes()))).run(true, 6, maxEchoBytes());
    }

    @ParameterizedTest(name = "TLS upload stall under partial I/O, seed {0}")
    @MethodSource("dev.loopwork.tck.faults.FaultTck#seeds")
    @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
    public void tlsUploadStall(long seed) throws Exception {
        new StallUnderFaults(open(seed, FaultPlan::partialIo)).run(4 * maxEchoBytes());
    }

    @ParameterizedTest(name = "graceful close delivers every byte under faults, seed {0}")
    @MethodSource("dev.loopwork.tck.faults.FaultTck#seeds")
    @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
    public void gracefulClose(long seed) throws Exception {
        new CloseUnderFaults(open(seed, s -> FaultPlan.withErrors(s, 2 * maxEchoBytes()))).gracefulCloseDeliversEveryByte(6,
                2 * maxEchoBytes());
    }

    @ParameterizedTest(name = "close from another thread twice under partial I/O, seed {0}")
    @MethodSource("dev.loopwork.tck.faults.FaultTck#seeds")
    @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
    public void closeFromAnotherThread(long seed) throws Exception {
        new CloseUnderFaults(open(seed, FaultPlan::partialIo)).closeFromAnotherThreadTwice(maxEchoBytes());
    }

    @ParameterizedTest(name = "shutdown with transfers in flight under faults, seed {0}")
    @MethodSource("dev.loopwork.tck.faults.FaultTck#seeds")
    @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
    public void shutdown(long seed) throws Exception {
        new CloseUnderFaults(open(seed, s -> FaultPlan.withErrors(s, 2 * maxEchoBytes()))).shutdownWithTransfersInFlight(6);
    }

    @ParameterizedTest(name = "accepts fail in a burst: no spin, then resume, seed {0}")
    @MethodSource("dev.loopwork.tck.faults.FaultTck#seeds")
    @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
    public void acceptBurst(long seed) throws Exception {
        new AcceptUnderFaults(open(seed, FaultPlan::none)).burstThenResume();
    }
}
