package dev.loopwork.bench.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap intervals (95%) for the benchmark's comparisons.
 *
 * <h2>Paired ratio</h2>
 * Round {@code i} measured A and B back to back ({@code A B} then {@code B A}), so whatever
 * slowed the machine in that round slowed both. The per-round ratio {@code a[i] / b[i]} cancels
 * it; the estimate is their geometric mean, and the interval comes from resampling whole rounds.
 * A mode change of the machine between rounds (the 1.7x seen on 2 shared cores) moves both
 * numbers of a round and leaves the ratio alone.
 *
 * <h2>Unpaired ratio</h2>
 * For rows that did not run side by side (a row against the floor measured in another match):
 * ratio of medians, each sample resampled on its own. Wider, and it does not cancel the machine's
 * modes; reports say which kind an interval is.
 *
 * <p>Deterministic: the same numbers give the same interval (fixed seed).
 */
public final class Bootstrap {

    public static final int RESAMPLES = 10_000;
    private static final long SEED = 0x5EEDL;

    private Bootstrap() {
    }

    /** Geometric mean of {@code a[i] / b[i]} with its 95% interval over resampled rounds. */
    public static Interval pairedRatio(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired samples differ in length: " + a.length + " vs " + b.length);
        }
        int n = a.length;
        if (n == 0) {
            return Interval.NONE;
        }
        double[] logs = new double[n];
        for (int i = 0; i < n; i++) {
            if (!(a[i] > 0) || !(b[i] > 0)) {
                throw new IllegalArgumentException("ratio of non-positive values at round " + i + ": " + a[i] + " / " + b[i]);
            }
            logs[i] = Math.log(a[i] / b[i]);
        }
        double estimate = Math.exp(mean(logs));
        if (n == 1) {
            return new Interval(estimate, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 1);
        }
        SplittableRandom random = new SplittableRandom(SEED);
        double[] means = new double[RESAMPLES];
        for (int r = 0; r < RESAMPLES; r++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += logs[random.nextInt(n)];
            }
            means[r] = sum / n;
        }
        return percentiles(estimate, means, n, true);
    }

    /** Median of {@code a} over median of {@code b}, each resampled independently. */
    public static Interval unpairedRatio(double[] a, double[] b) {
        if (a.length == 0 || b.length == 0) {
            return Interval.NONE;
        }
        double estimate = medianOf(a) / medianOf(b);
        if (a.length == 1 || b.length == 1) {
            return new Interval(estimate, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Math.min(a.length, b.length));
        }
        SplittableRandom random = new SplittableRandom(SEED);
        double[] ratios = new double[RESAMPLES];
        double[] ra = new double[a.length];
        double[] rb = new double[b.length];
        for (int r = 0; r < RESAMPLES; r++) {
            resample(a, ra, random);
            resample(b, rb, random);
            ratios[r] = sortedMedian(ra) / sortedMedian(rb);
        }
        return percentiles(estimate, ratios, Math.min(a.length, b.length), false);
    }

    /** Median of {@code a} with its 95% interval. */
    public static Interval median(double[] a) {
        if (a.length == 0) {
            return Interval.NONE;
        }
        double estimate = medianOf(a);
        if (a.length == 1) {
            return new Interval(estimate, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 1);
        }
        SplittableRandom random = new SplittableRandom(SEED);
        double[] medians = new double[RESAMPLES];
        double[] ra = new double[a.length];
        for (int r = 0; r < RESAMPLES; r++) {
            resample(a, ra, random);
            medians[r] = sortedMedian(ra);
        }
        return percentiles(estimate, medians, a.length, false);
    }

    public static double medianOf(double[] v) {
        return sortedMedian(v.clone());
    }

    /** Median; sorts {@code v} in place. */
    private static double sortedMedian(double[] v) {
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static void resample(double[] from, double[] to, SplittableRandom random) {
        for (int i = 0; i < to.length; i++) {
            to[i] = from[random.nextInt(from.length)];
        }
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** The 2.5th and 97.5th percentiles of the resampled statistics (exponentiated for logs). */
    private static Interval percentiles(double estimate, double[] stats, int n, boolean logs) {
        Arrays.sort(stats);
        double low = stats[(int) Math.floor(0.025 * (stats.length - 1))];
        double high = stats[(int) Math.ceil(0.975 * (stats.length - 1))];
        if (logs) {
            low = Math.exp(low);
            high = Math.exp(high);
        }
        // a percentile interval of a skewed statistic can miss its own point estimate by a hair
        return new Interval(estimate, Math.min(low, estimate), Math.max(high, estimate), n);
    }
}
