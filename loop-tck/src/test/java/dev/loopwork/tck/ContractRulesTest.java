package dev.loopwork.tck;

import dev.loopwork.ConnectionOptions;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.tls.TlsEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit and the SPI Javadoc agree: a loop that is legal by the Javadoc (spurious readiness, coarse
 * timers) passes the cases that used to trip it, and a loop that breaks a rule (the connect trap,
 * early timers, a fake promised and never delivered) fails with a message naming that rule. The
 * whole kit on the legal loops runs in {@link SpuriousReadiness5TckTest}, {@link SpuriousReadiness50TckTest}
 * and {@link CoarseTimersTckTest}.
 */
class ContractRulesTest {

    private static TckContext context(LoopProvider provider, FakePollInExpectation expectation) {
        return context(provider, expectation, 8L * 1024 * 1024);
    }

    private static TckContext context(LoopProvider provider, FakePollInExpectation expectation, long large) {
        TckSettings settings = new TckSettings(2, expectation, ConnectionOptions.defaults(), 10, large,
                Duration.ofSeconds(5));
        TckContext ctx = new TckContext(new CountingLoopProvider(provider), settings);
        ctx.describeCase("self-test on " + provider.name());
        return ctx;
    }

    @Test
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    void spuriousReadinessAtHalfOfAllChancesPassesTheRawCases() throws Exception {
        try (TckContext ctx = context(MisbehavingLoops.spurious(0.5), FakePollInExpectation.USED)) {
            for (int i = 0; i < 5; i++) { // it used to fail every time at this rate
                new RawLoopCases(ctx).fakePollInDeliversReadOnAnIdleSocket();
            }
            new RawLoopCases(ctx).connectCompletionIsReportedByTheLoop();
        }
    }

    @Test
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    void aFakePromisedAndNeverDeliveredFailsTheRawCaseEvenWithSpuriousReadinessAround() throws Exception {
        TckContext ctx = context(MisbehavingLoops.fakeNeverDelivered(), FakePollInExpectation.ANY);
        try {
            AssertionError e = assertThrows(AssertionError.class,
                    () -> new RawLoopCases(ctx).fakePollInDeliversReadOnAnIdleSocket());
            assertTrue(e.getMessage().contains("promised by fakePollIn()")
                    && e.getMessage().contains("LoopOps.fakePollIn"), "unexpected failure: " + e);
        } finally {
            ctx.close();
        }
    }

    @Test
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    void theConnectTrapFailsNamingTheRule() throws Exception {
        TckContext ctx = context(MisbehavingLoops.connectBug(0), FakePollInExpectation.ANY);
        try {
            AssertionError e = assertThrows(AssertionError.class,
                    () -> new RawLoopCases(ctx).connectCompletionIsReportedByTheLoop());
            assertTrue(e.getMessage().contains("connect completion not reported by the loop (round 1 of")
                    && e.getMessage().contains("OP_CONNECT (not OP_WRITE)")
                    && e.getMessage().contains("never reported"), "unexpected failure: " + e);
        } finally {
            ctx.close();
        }
    }

    /** Spurious WRITEs finish the buggy loop's connects by chance; at 5 % the case still sees the bug. */
    @Test
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    void theConnectTrapMaskedBySpuriousWritesStillFails() throws Exception {
        TckContext ctx = context(MisbehavingLoops.connectBug(0.05), FakePollInExpectation.ANY);
        try {
            AssertionError e = assertThrows(AssertionError.class,
                    () -> new RawLoopCases(ctx).connectCompletionIsReportedByTheLoop());
            assertTrue(e.getMessage().contains("OP_CONNECT (not OP_WRITE)"), "unexpected failure: " + e);
        } finally {
            ctx.close();
        }
    }

    @Test
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    void earlyTimersFailNamingTheRule() throws Exception {
        LoopProvider early = MisbehavingLoops.earlyTimers();
        TckContext ctx = context(early, FakePollInExpectation.ANY);
        try {
            AssertionError e = assertThrows(AssertionError.class,
                    () -> new TaskCases(ctx).timersFireInDeadlineOrderNeverEarly());
            assertTrue(e.getMessage().contains("timers must not fire before their delay"), "unexpected failure: " + e);
        } finally {
            ctx.close();
        }
        // The probe LoopTck runs before every case refuses the loop too, naming the rule.
        String refusal = TimerProbe.refusal(early.name(), TimerProbe.measure(early));
        assertNotNull(refusal, "early timers were not noticed by the probe");
        assertTrue(refusal.contains("fire early") && refusal.contains("never runs a task before its delay"), refusal);
    }

    @Test
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    void coarseButCorrectTimersAreMeasuredAndAccepted() throws Exception {
        LoopProvider coarse = MisbehavingLoops.coarseTimers(50);
        TimerProbe.Result r = TimerProbe.measure(coarse);
        assertNull(TimerProbe.refusal(coarse.name(), r), "a 50 ms tick is legal");
        assertTrue(r.averageNanos() > 10_000_000, "a 50 ms tick measured as " + r.describe());
        assertTrue(r.early().isEmpty(), r.describe());
    }

    /** Legal but too coarse for the core's deadlines: refused before any case, with the lateness and the rule. */
    @Test
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    void timersFarTooLateAreRefusedWithTheMeasuredLateness() throws Exception {
        LoopProvider sluggish = MisbehavingLoops.coarseTimers(400);
        String refusal = TimerProbe.refusal(sluggish.name(), TimerProbe.measure(sluggish));
        assertNotNull(refusal, "a 400 ms tick was accepted");
        assertTrue(refusal.contains("ms late on average") && refusal.contains("needs them within 250 ms")
                && refusal.contains("LoopOps, 'Timers'"), refusal);
    }

    /**
     * The case that took 2,048 timers of 50 ms (over 100 s) and failed with a bare timeout: now sized to
     * the measured lateness, it takes seconds.
     */
    @Test
    @Timeout(value = 90, threadMode = ThreadMode.SEPARATE_THREAD) // unsized, 2,048 timers of 50 ms alone take 102 s
    void theTlsUploadStallPassesOnFiftyMillisecondTicks() throws Exception {
        LoopProvider coarse = MisbehavingLoops.coarseTimers(50);
        try (TckContext ctx = context(coarse, FakePollInExpectation.USED, 64L * 1024 * 1024)) {
            ctx.timerLateness(TimerProbe.measure(coarse));
            new TlsUploadCases(ctx).uploadWithPausesEvery16KiB(TlsEngine.JDK);
        }
    }
}
