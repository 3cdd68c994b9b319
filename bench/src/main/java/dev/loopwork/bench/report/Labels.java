package dev.loopwork.bench.report;

import dev.loopwork.bench.harness.Case;

import java.util.Locale;

/** Short human names for rows and numbers, shared by the Markdown table and the chart. */
final class Labels {

    private Labels() {
    }

    static String server(Case c) {
        String impl = c.isLoopwork() ? "Loopwork" : "Netty";
        switch (c.body()) {
            case "raw":
                return impl + ("none".equals(c.tls()) ? " raw TCP discard" : " raw discard (no HTTP)");
            case "http-file":
                return impl + " HTTP to file";
            default:
                return impl + " HTTP discard";
        }
    }

    static String security(Case c) {
        switch (c.tls()) {
            case "jdk":
                return "TLS (JDK engine)";
            case "openssl":
                return "TLS (OpenSSL engine)";
            default:
                return "plain";
        }
    }

    static String ratio(double r) {
        return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.2fx", r);
    }

    /** A signed MiB figure; rounding noise below 0.05 MiB shows as +0.0, never -0.0. */
    static String mib(double v) {
        return num(Math.abs(v) < 0.05 ? 0.0 : v, "%+.1f");
    }

    static String num(double v, String format) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, format, v);
    }
}
