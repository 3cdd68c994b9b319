package dev.loopwork.http.internal.h2;

import dev.loopwork.http.Http2Settings;

/**
 * Counts what a client makes the server do for nothing, per fixed window of
 * {@link Http2Settings#floodWindow()}: stream resets (Rapid Reset), control frames (SETTINGS,
 * PING, PRIORITY) and empty frames. Past a limit: a connection error ENHANCE_YOUR_CALM.
 */
final class FloodGuard {

    enum Kind { RESET, CONTROL, EMPTY }

    private final Http2Settings settings;
    private final long windowNanos;
    private long windowStart = System.nanoTime();
    private final int[] counts = new int[Kind.values().length];
    private final long[] totals = new long[Kind.values().length];

    FloodGuard(Http2Settings settings) {
        this.settings = settings;
        this.windowNanos = settings.floodWindow().toNanos();
    }

    /** Counts one; throws the connection error when the kind passes its limit in this window. */
    void count(Kind kind) {
        long now = System.nanoTime();
        if (now - windowStart > windowNanos) {
            windowStart = now;
            java.util.Arrays.fill(counts, 0);
        }
        totals[kind.ordinal()]++;
        int limit = limit(kind);
        if (++counts[kind.ordinal()] > limit) {
            throw H2Exception.connection(ErrorCode.ENHANCE_YOUR_CALM, "more than " + limit + " " + describe(kind)
                    + " within " + settings.floodWindow());
        }
    }

    long total(Kind kind) {
        return totals[kind.ordinal()];
    }

    private int limit(Kind kind) {
        switch (kind) {
            case RESET: return settings.maxResetsPerWindow();
            case CONTROL: return settings.maxControlFramesPerWindow();
            default: return settings.maxEmptyFramesPerWindow();
        }
    }

    private static String describe(Kind kind) {
        switch (kind) {
            case RESET: return "stream resets (rapid reset)";
            case CONTROL: return "SETTINGS/PING/PRIORITY frames";
            default: return "empty frames";
        }
    }

    @Override
    public String toString() {
        return "FloodGuard{resets=" + totals[0] + ", control=" + totals[1] + ", empty=" + totals[2] + '}';
    }
}
