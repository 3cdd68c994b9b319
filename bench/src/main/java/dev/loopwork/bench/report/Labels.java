package dev.loopwork.bench.report;

import dev.loopwork.bench.harness.Bout;
import dev.loopwork.bench.harness.Case;

import java.util.Locale;

/** Short human names for rows and numbers, shared by the Markdown table and the chart. */
final class Labels {

    private Labels() {
    }

    /** What a bout's subject row is, e.g. "HTTP, TLS openssl". */
    static String row(Bout b) {
        Case c = b.subject();
        switch (b.match().kind()) {
            case "raw":
                return "raw discard, plain";
            case "raw-tls":
                return "raw discard, " + security(c);
            case "file":
                return "HTTP to file, plain";
            case "pause":
                return "HTTP pausing every MiB, plain";
            case "budget":
                return (c.isRaw() ? "raw discard" : "HTTP") + ", plain, " + c.variant().replace('-', ' ');
            case "h2":
                return dev.loopwork.bench.h2.H2Rows.label(c);
            default:
                return "HTTP, " + security(c);
        }
    }

    static String security(Case c) {
        switch (c.tls()) {
            case "jdk":
                return "TLS jdk";
            case "openssl":
                return "TLS openssl";
            default:
                return "plain";
        }
    }

    static String num(double v, String format) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, format, v);
    }
}
