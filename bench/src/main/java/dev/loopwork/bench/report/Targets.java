package dev.loopwork.bench.report;

import dev.loopwork.bench.harness.CaseResult;
import dev.loopwork.bench.harness.Summary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The targets, checked against the medians (reported, never asserted):
 * plain HTTP uploads at least 0.90x the raw limit of the same backend and 1.0x the Netty peer; TLS
 * at least 1.0x Netty's SslHandler with the same engine; heap growth during a 4 GiB upload under
 * 32 MiB.
 */
final class Targets {

    static final double RAW_TARGET = 0.90;
    static final double PEER_TARGET = 1.0;
    static final double HEAP_TARGET_MIB = 32;
    static final long HEAP_TARGET_SIZE = 4096L << 20;

    /** One verdict: what was compared, the number, the target, and MET / MISSED / PENDING. */
    record Verdict(String backend, String what, String value, String target, String status, String evidence) {
    }

    private Targets() {
    }

    static List<Verdict> evaluate(Analysis a, long size, boolean heapSizeRan) {
        List<Verdict> out = new ArrayList<>();
        if (!heapSizeRan) {
            out.add(new Verdict("all", "heap growth, 4 GiB upload", "-", String.format(Locale.ROOT, "< %.0f MiB",
                    HEAP_TARGET_MIB), "PENDING", "no 4096 MiB upload in this profile: run -Pbench-full"));
        }
        for (String backend : a.loopworkBackends()) {
            for (CaseResult r : a.section(backend)) {
                if (!r.spec().isLoopwork() || r.spec().isLimit()) {
                    continue;
                }
                String row = r.spec().body() + " " + r.spec().security();
                // the raw-limit target is for the discarding server; a file row is bound by the disk
                if ("none".equals(r.spec().tls()) && "http".equals(r.spec().body())) {
                    out.add(ratioVerdict(backend, row + " vs raw limit", r, a.rawOf(r.spec()), size, RAW_TARGET));
                }
                out.add(ratioVerdict(backend, row + " vs Netty peer", r,
                        a.peerOf(r.spec(), backend), size, PEER_TARGET));
                if (heapSizeRan) {
                    out.add(heapVerdict(backend, row, r));
                }
            }
        }
        return out;
    }

    private static Verdict ratioVerdict(String backend, String what, CaseResult r, CaseResult base, long size, double target) {
        String t = String.format(Locale.ROOT, ">= %.2fx", target);
        if (!r.ran() || base == null || !base.ran()) {
            String why = !r.ran() ? r.failure() : base == null ? "the row it is compared with was not in this run"
                    : base.failure() != null ? base.failure() : "the row it is compared with has no result";
            return new Verdict(backend, what, "-", t, "PENDING", why);
        }
        Summary s = r.at(size);
        Summary b = base.at(size);
        double ratio = s.medianMBs() / b.medianMBs();
        String evidence = String.format(Locale.ROOT, "%.0f MB/s (%.0f-%.0f) vs %.0f MB/s (%.0f-%.0f), %d MiB;"
                        + " other load %.2f / %.2f cores", s.medianMBs(), s.minMBs(), s.maxMBs(), b.medianMBs(),
                b.minMBs(), b.maxMBs(), size >> 20, s.otherCores(), b.otherCores());
        // a verdict drawn from a row measured on a busy machine says so: it may flip on a quiet one
        boolean noisy = s.otherCores() > MarkdownReport.NOISY_CORES || b.otherCores() > MarkdownReport.NOISY_CORES;
        return new Verdict(backend, what, String.format(Locale.ROOT, "%.2fx", ratio), t,
                (ratio >= target ? "MET" : "MISSED") + (noisy ? " (noisy)" : ""), evidence);
    }

    private static Verdict heapVerdict(String backend, String row, CaseResult r) {
        String what = row + " heap growth, 4 GiB upload";
        String t = String.format(Locale.ROOT, "< %.0f MiB", HEAP_TARGET_MIB);
        Summary s = r.ran() ? r.at(HEAP_TARGET_SIZE) : null;
        if (s == null) {
            return new Verdict(backend, what, "-", t, "PENDING",
                    r.ran() ? "no 4096 MiB upload in this profile (run -Pbench-full)" : r.failure());
        }
        double growth = s.heapRetainedGrowthMiB();
        String evidence = String.format(Locale.ROOT, "retained after GC +%.1f MiB; peak during upload +%.1f MiB"
                + " (garbage included); %.1f MiB allocated per GiB", growth, s.heapPeakGrowthMiB(), s.allocMiBPerGiB());
        return new Verdict(backend, what, String.format(Locale.ROOT, "%.1f MiB", growth), t,
                growth < HEAP_TARGET_MIB ? "MET" : "MISSED", evidence);
    }
}
