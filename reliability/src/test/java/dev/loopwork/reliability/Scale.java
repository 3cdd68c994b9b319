package dev.loopwork.reliability;

import java.util.Locale;

/**
 * The sizes of every scenario: {@code quick} in the default build (modest, for 2 busy cores) and
 * {@code stress} with {@code -Pstress} (the figures the issue asks for). Each figure can also be
 * set alone, e.g. {@code -Dreliability.churn=20000}.
 */
final class Scale {

    static final boolean STRESS = "stress".equals(System.getProperty("reliability.scale", "quick")
            .trim().toLowerCase(Locale.ROOT));

    private Scale() {
    }

    /** Uploads aborted at random points. */
    static int aborts() {
        return figure("reliability.aborts", 30, 200);
    }

    /** Slow (slowloris-style) clients held at once. */
    static int slowClients() {
        return figure("reliability.slowClients", 50, 500);
    }

    /**
     * Concurrent idle connections of one mode. The quick TLS form holds 250 (JDK handshakes on both
     * sides cost about 10 ms of CPU each on 2 busy cores); the stress form 10,000 of each.
     */
    static int idleConnections(boolean tls) {
        return tls ? figure("reliability.idleTls", 250, 10_000) : figure("reliability.idle", 1_000, 10_000);
    }

    /** Uploads in flight when the graceful shutdown starts (the same in both scales). */
    static int shutdownUploads() {
        return figure("reliability.shutdownUploads", 32, 32);
    }

    /** Short connections opened and closed one after the other. */
    static int churn() {
        return figure("reliability.churn", 5_000, 100_000);
    }

    /** Concurrent uploads of the active-uploads scenario (half of them over TLS). */
    static int activeUploads() {
        return figure("reliability.activeUploads", 100, 8_000);
    }

    /** Seconds over which each active upload is paced. */
    static int activeSeconds() {
        return figure("reliability.activeSeconds", 6, 60);
    }

    static String name() {
        return STRESS ? "stress" : "quick";
    }

    private static int figure(String property, int quick, int stress) {
        String v = System.getProperty(property);
        if (v != null && !v.isBlank()) {
            return Integer.parseInt(v.trim().replace("_", ""));
        }
        return STRESS ? stress : quick;
    }
}
