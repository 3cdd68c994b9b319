package dev.loopwork.bench.report;

import dev.loopwork.bench.harness.Bout;
import dev.loopwork.bench.harness.Case;
import dev.loopwork.bench.harness.Rep;
import dev.loopwork.bench.harness.Summary;
import dev.loopwork.bench.stats.Bootstrap;
import dev.loopwork.bench.stats.Interval;
import dev.loopwork.bench.stats.Verdict;
import dev.loopwork.bench.stats.Verdict.Direction;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The targets of issue 13, Part 2, judged by their 95% intervals (reported, never asserted):
 * <ul>
 *   <li>HTTP plain: server CPU per GiB at most 0.85x the better Netty row's, MB/s at least 1.0x;</li>
 *   <li>HTTP over TLS (same engine): CPU at most 0.9x, MB/s at least 1.0x;</li>
 *   <li>Loopwork raw discard: CPU per GiB at most 1.05x the better limit row's;</li>
 *   <li>pausing consumer: the fallback costs at most 1.10x the hook's CPU per GiB;</li>
 *   <li>allocation at most 2 MiB per GiB (HTTP plain), heap growth on a 4 GiB upload at most 32 MiB;</li>
 *   <li>CPU per GiB at most 1.2x the floor for HTTP plain, 1.3x for TLS with OpenSSL.</li>
 * </ul>
 */
public final class Targets {

    /** One judged target. */
    public record Line(String backend, String what, Interval value, String target, Verdict verdict, String evidence) {
        public String status() {
            return verdict.describe(value.n());
        }
    }

    private Targets() {
    }

    public static List<Line> evaluate(Analysis a) {
        List<Line> out = new ArrayList<>();
        for (Bout b : a.bouts()) {
            Case s = b.subject();
            if (!s.isLoopwork()) {
                continue;
            }
            String backend = s.backend();
            switch (b.match().kind()) {
                case "raw":
                    if (s.isPlain()) {
                        Case cheap = Analysis.cheapestReference(b);
                        out.add(line(backend, "raw discard CPU/GiB vs the better limit row", b, cheap,
                                Analysis.paired(b, s, cheap, Rep::serverCpuSecondsPerGiB), Direction.AT_MOST, 1.05));
                    }
                    break;
                case "http":
                case "tls": {
                    boolean plain = s.isPlain();
                    String row = plain ? "HTTP plain" : "HTTP TLS " + s.tls();
                    Analysis.Comparison best = Analysis.againstBest(b);
                    Case cheap = Analysis.cheapestReference(b);
                    out.add(line(backend, row + " CPU/GiB vs the better Netty row", b, cheap, best.cpu(),
                            Direction.AT_MOST, plain ? 0.85 : 0.90));
                    out.add(line(backend, row + " MB/s vs the better Netty row", b, best.reference(), best.mbs(),
                            Direction.AT_LEAST, 1.0));
                    if (plain || "openssl".equals(s.tls())) {
                        Interval floor = a.floorMultiple(b);
                        out.add(new Line(backend, row + " CPU/GiB as a multiple of the floor", floor,
                                (plain ? "<= 1.20x" : "<= 1.30x"), Verdict.judge(floor, Direction.AT_MOST, plain ? 1.2 : 1.3),
                                "unpaired: the JDK read loop" + (plain ? "" : " + AES-128-GCM (openssl speed)")
                                        + " on the same transport, from the raw match"));
                    }
                    if (plain) {
                        Interval alloc = Bootstrap.median(b.values(s, Rep::allocMiBPerGiB));
                        out.add(new Line(backend, row + " allocation MiB/GiB (median)", alloc, "<= 2.0",
                                Verdict.judge(alloc, Direction.AT_MOST, 2.0), "server threads' allocated bytes"));
                    }
                    if (b.heap() != null) {
                        double growth = b.heap().heapRetainedGrowthMiB();
                        Interval g = new Interval(growth, growth, growth, 1);
                        out.add(new Line(backend, row + " heap growth, " + (b.heap().sizeBytes() >> 20) + " MiB upload", g,
                                "<= 32 MiB", Verdict.judge(g, Direction.AT_MOST, 32),
                                String.format(Locale.ROOT, "retained after full GC %+.1f MiB, peak %+.1f MiB (garbage"
                                        + " included), %.1f MiB allocated per GiB", growth, b.heap().heapPeakGrowthMiB(),
                                        b.heap().allocMiBPerGiB())));
                    }
                    break;
                }
                case "pause": {
                    Case fallback = b.references().get(0);
                    Interval cost = Analysis.paired(b, fallback, s, Rep::serverCpuSecondsPerGiB);
                    Summary hook = b.summary(s);
                    long fakes = hook == null ? -1 : hook.total("fakes");
                    String what = "pausing consumer: fallback CPU/GiB vs the hook's";
                    if (fakes == 0) {
                        // no hook on this loop: both members take the fallback, an A/A control of the method
                        out.add(new Line(backend, what + " (A/A control: this loop has no fakePollIn)", cost,
                                "contains 1.0", Verdict.judge(cost, Direction.AT_LEAST, 1.0) == Verdict.MISSED
                                        || Verdict.judge(cost, Direction.AT_MOST, 1.0) == Verdict.MISSED
                                        ? Verdict.MISSED : Verdict.MET, counts(b)));
                    } else {
                        out.add(new Line(backend, what, cost, "<= 1.10x", Verdict.judge(cost, Direction.AT_MOST, 1.10),
                                counts(b)));
                    }
                    break;
                }
                default:
                    break;
            }
        }
        return out;
    }

    private static Line line(String backend, String what, Bout b, Case ref, Interval value, Direction d, double t) {
        String evidence = ref == null ? (b.ran() ? "no reference ran" : b.failure())
                : String.format(Locale.ROOT, "vs %s, %d paired rounds", ref.id(), value.n());
        return new Line(backend, what, value, d.symbol() + " " + String.format(Locale.ROOT, "%.2fx", t),
                Verdict.judge(value, d, t), evidence);
    }

    /** Fakes and fallbacks of both members: shows which path each ran. */
    static String counts(Bout b) {
        StringBuilder sb = new StringBuilder();
        for (Case c : b.members()) {
            Summary s = b.summary(c);
            if (s != null) {
                sb.append(sb.length() == 0 ? "" : "; ").append(c.variant()).append(": fakes ").append(s.total("fakes"))
                        .append(", fallbacks ").append(s.total("fallbacks")).append(", pauses ").append(s.total("pauses"));
            }
        }
        return sb.toString();
    }
}
