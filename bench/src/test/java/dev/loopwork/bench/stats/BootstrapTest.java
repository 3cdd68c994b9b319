package dev.loopwork.bench.stats;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BootstrapTest {

    @Test
    void identicalPairsGiveRatioOneWithAZeroWidthInterval() {
        double[] a = {3000, 4500, 2800, 4700, 3100};
        Interval r = Bootstrap.pairedRatio(a, a.clone());
        assertEquals(1.0, r.estimate(), 1e-12);
        assertEquals(1.0, r.low(), 1e-12);
        assertEquals(1.0, r.high(), 1e-12);
        assertEquals(5, r.n());
    }

    @Test
    void estimateIsTheGeometricMeanOfPerRoundRatios() {
        Interval r = Bootstrap.pairedRatio(new double[] {2, 8}, new double[] {1, 4});
        assertEquals(2.0, r.estimate(), 1e-12);
        r = Bootstrap.pairedRatio(new double[] {1, 4}, new double[] {1, 1});
        assertEquals(2.0, r.estimate(), 1e-12); // sqrt(1 * 4), not the arithmetic 2.5
    }

    /**
     * The machine flips between two modes 1.7x apart from round to round; A is 10% faster than B
     * in every round. Pairing cancels the modes: the interval is narrow and excludes 1.0. The same
     * numbers unpaired straddle 1.0. A bootstrap that ignored the pairing fails this test.
     */
    @Test
    void pairingCancelsTheMachinesModes() {
        SplittableRandom random = new SplittableRandom(7);
        int n = 12;
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            double mode = i % 3 == 0 ? 1.7 : 1.0;
            b[i] = 2500 * mode * (1 + 0.02 * random.nextGaussian());
            a[i] = 1.10 * 2500 * mode * (1 + 0.02 * random.nextGaussian());
        }
        Interval paired = Bootstrap.pairedRatio(a, b);
        assertTrue(paired.low() > 1.05 && paired.high() < 1.15, "paired " + paired);
        assertEquals(Verdict.MET, Verdict.judge(paired, Verdict.Direction.AT_LEAST, 1.0));
        Interval unpaired = Bootstrap.unpairedRatio(a, b);
        assertTrue(unpaired.low() < 1.0 || unpaired.high() - unpaired.low() > 3 * (paired.high() - paired.low()),
                "unpaired " + unpaired + " should be much wider than paired " + paired);
    }

    /**
     * Coverage: 400 simulated benchmarks with a known true ratio of 0.9 and 8% noise per upload;
     * a 95% interval must hold the truth in about 95% of them (percentile bootstrap at n = 12 runs
     * a little narrow, so 85-99% is accepted). An interval that is too narrow (e.g. the standard
     * deviation where the standard error belongs) or off-centre fails.
     */
    @Test
    void intervalsCoverTheTrueRatioAboutNinetyFivePercentOfTheTime() {
        SplittableRandom random = new SplittableRandom(11);
        int trials = 400;
        int n = 12;
        int covered = 0;
        for (int t = 0; t < trials; t++) {
            double[] a = new double[n];
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
                double mode = random.nextBoolean() ? 1.7 : 1.0;
                b[i] = 3000 * mode * Math.exp(0.08 * random.nextGaussian());
                a[i] = 0.9 * 3000 * mode * Math.exp(0.08 * random.nextGaussian());
            }
            Interval r = Bootstrap.pairedRatio(a, b);
            if (r.low() <= 0.9 && 0.9 <= r.high()) {
                covered++;
            }
        }
        double coverage = covered / (double) trials;
        assertTrue(coverage >= 0.85 && coverage <= 0.99, "coverage " + coverage);
    }

    @Test
    void moreRoundsNarrowTheInterval() {
        SplittableRandom random = new SplittableRandom(3);
        double[] a = new double[40];
        double[] b = new double[40];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.exp(0.1 * random.nextGaussian());
            b[i] = 1;
        }
        Interval few = Bootstrap.pairedRatio(java.util.Arrays.copyOf(a, 5), java.util.Arrays.copyOf(b, 5));
        Interval many = Bootstrap.pairedRatio(a, b);
        assertTrue(many.high() - many.low() < few.high() - few.low(), few + " vs " + many);
    }

    @Test
    void oneRoundHasAnUnboundedInterval() {
        Interval r = Bootstrap.pairedRatio(new double[] {2}, new double[] {1});
        assertEquals(2.0, r.estimate());
        assertEquals(Verdict.NOT_RESOLVED, Verdict.judge(r, Verdict.Direction.AT_LEAST, 1.0));
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Bootstrap.pairedRatio(new double[] {1, 2}, new double[] {1}));
        assertTrue(e.getMessage().contains("length"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Bootstrap.pairedRatio(new double[] {1, 0}, new double[] {1, 1}));
        assertTrue(e.getMessage().contains("round 1"), e.getMessage());
        assertEquals(Interval.NONE, Bootstrap.pairedRatio(new double[0], new double[0]));
    }

    @Test
    void medianIntervalHoldsTheMedian() {
        Interval m = Bootstrap.median(new double[] {5, 1, 3, 2, 4});
        assertEquals(3.0, m.estimate());
        assertTrue(m.low() >= 1 && m.high() <= 5 && m.low() <= 3 && m.high() >= 3, m.toString());
        assertEquals(1.5, Bootstrap.unpairedRatio(new double[] {3, 3, 3}, new double[] {2, 2, 2}).estimate(), 1e-12);
    }
}
