package dev.loopwork.bench.stats;

import java.util.Locale;

/**
 * What an interval says about a target. A target is met or missed only when the whole 95%
 * interval is on one side of its threshold; an interval that straddles it is "not resolved", with
 * the number of rounds it had: more repetitions (or a quieter machine) would be needed.
 */
public enum Verdict {
    MET,
    MISSED,
    NOT_RESOLVED,
    /** Nothing to judge: a row did not run, or has no partner. */
    NO_DATA;

    /** How a value must relate to its threshold. */
    public enum Direction {
        AT_MOST("<="),
        AT_LEAST(">=");

        private final String symbol;

        Direction(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /**
     * {@code AT_MOST t}: met when the interval's high end is at most {@code t}, missed when its low
     * end is above {@code t}. {@code AT_LEAST t}: met when the low end is at least {@code t},
     * missed when the high end is below {@code t}.
     */
    public static Verdict judge(Interval interval, Direction direction, double threshold) {
        if (interval == null || !interval.isKnown()) {
            return NO_DATA;
        }
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold is NaN");
        }
        if (direction == Direction.AT_MOST) {
            if (interval.high() <= threshold) {
                return MET;
            }
            return interval.low() > threshold ? MISSED : NOT_RESOLVED;
        }
        if (interval.low() >= threshold) {
            return MET;
        }
        return interval.high() < threshold ? MISSED : NOT_RESOLVED;
    }

    /** {@code MET}, {@code MISSED}, {@code not resolved at 12 repetitions}, {@code no data}. */
    public String describe(int n) {
        switch (this) {
            case NOT_RESOLVED:
                return String.format(Locale.ROOT, "not resolved at %d repetitions", n);
            case NO_DATA:
                return "no data";
            default:
                return name();
        }
    }
}
