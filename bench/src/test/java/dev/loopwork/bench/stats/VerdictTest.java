package dev.loopwork.bench.stats;

import org.junit.jupiter.api.Test;

import static dev.loopwork.bench.stats.Verdict.Direction.AT_LEAST;
import static dev.loopwork.bench.stats.Verdict.Direction.AT_MOST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VerdictTest {

    private static Interval of(double est, double low, double high) {
        return new Interval(est, low, high, 10);
    }

    @Test
    void atMostIsMetOnlyWhenTheWholeIntervalIsAtOrBelow() {
        assertEquals(Verdict.MET, Verdict.judge(of(0.80, 0.76, 0.84), AT_MOST, 0.85));
        assertEquals(Verdict.MET, Verdict.judge(of(0.80, 0.76, 0.85), AT_MOST, 0.85));
        // the estimate meets the target, the interval does not: not resolved, never "met"
        assertEquals(Verdict.NOT_RESOLVED, Verdict.judge(of(0.83, 0.79, 0.88), AT_MOST, 0.85));
        assertEquals(Verdict.MISSED, Verdict.judge(of(0.95, 0.90, 1.00), AT_MOST, 0.85));
    }

    @Test
    void atLeastIsMissedOnlyWhenTheWholeIntervalIsBelow() {
        assertEquals(Verdict.MET, Verdict.judge(of(1.05, 1.00, 1.10), AT_LEAST, 1.0));
        assertEquals(Verdict.NOT_RESOLVED, Verdict.judge(of(0.98, 0.95, 1.01), AT_LEAST, 1.0));
        assertEquals(Verdict.MISSED, Verdict.judge(of(0.93, 0.90, 0.97), AT_LEAST, 1.0));
    }

    @Test
    void unknownIntervalsAreNoData() {
        assertEquals(Verdict.NO_DATA, Verdict.judge(Interval.NONE, AT_LEAST, 1.0));
        assertEquals(Verdict.NO_DATA, Verdict.judge(null, AT_MOST, 1.0));
    }

    @Test
    void descriptionNamesTheRepetitions() {
        assertEquals("not resolved at 12 repetitions", Verdict.NOT_RESOLVED.describe(12));
        assertEquals("MET", Verdict.MET.describe(12));
    }

    @Test
    void anIntervalMustHoldItsEstimate() {
        assertThrows(IllegalArgumentException.class, () -> of(1.2, 0.9, 1.1));
        assertThrows(IllegalArgumentException.class, () -> Verdict.judge(of(1, 1, 1), AT_MOST, Double.NaN));
    }
}
