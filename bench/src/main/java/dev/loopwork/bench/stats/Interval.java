package dev.loopwork.bench.stats;

import java.util.Locale;

/**
 * An estimate with its 95% interval, from {@code n} observations (paired rounds, or repetitions).
 * NaN everywhere when there was nothing to estimate from.
 */
public record Interval(double estimate, double low, double high, int n) {

    public static final Interval NONE = new Interval(Double.NaN, Double.NaN, Double.NaN, 0);

    public Interval {
        if (!Double.isNaN(estimate) && (low > estimate + 1e-12 || high < estimate - 1e-12)) {
            throw new IllegalArgumentException("interval [" + low + ", " + high + "] does not hold its estimate " + estimate);
        }
    }

    public boolean isKnown() {
        return n > 0 && !Double.isNaN(estimate);
    }

    /** Half the width relative to the estimate: 0.05 means about +-5%. */
    public double relativeHalfWidth() {
        return (high - low) / 2 / estimate;
    }

    /** {@code 1.03x [0.98, 1.08]}; {@code -} when unknown. */
    public String ratio() {
        return isKnown() ? String.format(Locale.ROOT, "%.2fx [%.2f, %.2f]", estimate, low, high) : "-";
    }

    public String format(String number) {
        return isKnown() ? String.format(Locale.ROOT, number + " [" + number + ", " + number + "]", estimate, low, high) : "-";
    }
}
