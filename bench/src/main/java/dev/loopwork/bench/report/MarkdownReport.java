package dev.loopwork.bench.report;

import dev.loopwork.bench.harness.Bout;
import dev.loopwork.bench.harness.Case;
import dev.loopwork.bench.harness.Profile;
import dev.loopwork.bench.harness.Summary;
import dev.loopwork.bench.stats.Bootstrap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code latest.md}: the environment, the per-backend table, the targets, the matches in detail. */
final class MarkdownReport {

    static final double NOISY_CORES = 0.25;
    static final double CLIENT_BOUND = 0.85;
    static final List<String> KIND_ORDER = List.of("raw", "http", "tls", "raw-tls", "file", "pause", "h2", "budget");

    private MarkdownReport() {
    }

    static String render(Profile profile, Map<String, String> env, List<String> notes, List<String> clients, Analysis a) {
        StringBuilder md = new StringBuilder();
        md.append("# Loopwork upload benchmark\n\n");
        md.append(String.format(Locale.ROOT, "Profile `%s`: %d MiB uploads (TLS rows %d MiB). Paired method: the rows compared are alive"
                + " at once (one JVM each) and upload in alternation, A B B A ..., %d rounds, each upload on a new"
                + " connection; ratios are geometric means of the per-round ratios with 95%% bootstrap intervals."
                + " A target is met or missed only when its interval says so. MB/s = 10^6 body bytes/s, from the first"
                + " body byte to the server's answer. CPU-s/GiB = the server process's own CPU time per GiB of body.%n%n",
                profile.name(), profile.sizeMiB(), profile.tlsSizeMiB(), profile.reps()));
        md.append("| environment | |\n| --- | --- |\n");
        env.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(escape(v)).append(" |\n"));
        for (String c : clients) {
            md.append("| client | ").append(escape(c)).append(" |\n");
        }
        md.append("| AES-128-GCM floor | ").append(escape(a.machine().aesNote())).append(" |\n");
        md.append("| iperf3 | ").append(escape(iperf(a))).append(" |\n\n");

        summary(md, a);
        md.append("\n## Targets (issue 13, Part 2; judged by the 95% interval, reported, never asserted)\n\n");
        md.append("| backend | what | value [95%] | target | verdict | evidence |\n| --- | --- | ---: | --- | --- | --- |\n");
        for (Targets.Line t : Targets.evaluate(a)) {
            md.append("| ").append(t.backend()).append(" | ").append(t.what()).append(" | ").append(t.value().format("%.2f"))
                    .append(" | ").append(t.target()).append(" | **").append(t.status()).append("** | ")
                    .append(escape(t.evidence())).append(" |\n");
        }
        resolution(md, a);
        details(md, a);
        clientBound(md, a);
        noisy(md, a);
        if (!notes.isEmpty()) {
            md.append("\n## Not run\n\n");
            notes.forEach(n -> md.append("- ").append(escape(n)).append('\n'));
        }
        return md.toString();
    }

    /** One table for every backend: each Loopwork row, its figures and its paired ratios to its better reference. */
    private static void summary(StringBuilder md, Analysis a) {
        md.append("## Loopwork against the better reference, per backend\n\n");
        md.append("x ref = Loopwork / reference, paired, [95% interval]: MB/s against the faster reference, CPU against"
                + " the cheaper one (raw: the JDK read loop and Netty's raw discard; HTTP: Netty's codec as configured and"
                + " tuned; pause: the same loop with its fakePollIn hidden, so CPU x ref = hook / fallback; budget: the"
                + " same server with the core's default read budget). x floor ="
                + " CPU over the JDK read loop's (+ AES-GCM for TLS), unpaired.\n\n");
        md.append("| backend | row | MB/s | CPU-s/GiB | alloc MiB/GiB | x ref MB/s | x ref CPU | x floor CPU | fakes / fallbacks"
                + " | client busy | other load | rounds |\n");
        md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (String backend : a.backends()) {
            for (String kind : KIND_ORDER) {
                for (Bout b : a.bouts()) {
                    if (!b.subject().backend().equals(backend) || !b.match().kind().equals(kind)) {
                        continue;
                    }
                    md.append("| ").append(backend).append(" | ").append(Labels.row(b));
                    if (!b.ran()) {
                        md.append(" | ").append(escape(String.valueOf(b.failure()))).append(" |  |  |  |  |  |  |  |  |  |\n");
                        continue;
                    }
                    Summary s = b.summary(b.subject());
                    Analysis.Comparison c = Analysis.againstBest(b);
                    long fakes = s.total("fakes");
                    md.append(" | ").append(Labels.num(s.medianMBs(), "%.0f"))
                            .append(" | ").append(Labels.num(s.serverCpuPerGiB(), "%.3f"))
                            .append(" | ").append(Labels.num(s.allocMiBPerGiB(), "%.1f"))
                            .append(" | ").append(c.mbs().ratio())
                            .append(" | ").append(c.cpu().ratio())
                            .append(" | ").append(a.floorMultiple(b).ratio())
                            .append(" | ").append(fakes < 0 ? "-" : fakes + " / " + s.total("fallbacks"))
                            .append(" | ").append(Labels.num(100 * s.clientBusy(), "%.0f%%"))
                            .append(" | ").append(Labels.num(s.otherCores(), "%.2f"))
                            .append(" | ").append(b.rounds()).append(" |\n");
                }
            }
        }
    }

    /** How many rounds a +-5% interval takes, from the spread this run saw. */
    private static void resolution(StringBuilder md, Analysis a) {
        md.append("\n## Resolution: rounds for a +-5% interval (a 10% difference resolved)\n\n");
        md.append("From the spread of the per-round log-ratios (subject vs its faster reference) in this run: rounds ="
                + " (1.96 sd / ln 1.05)^2, median and worst bout per kind of match.\n\n");
        md.append("| match kind | bouts | MB/s: median / worst | CPU-s/GiB: median / worst | rounds run |\n"
                + "| --- | ---: | ---: | ---: | ---: |\n");
        for (String kind : KIND_ORDER) {
            List<Double> mbs = new ArrayList<>();
            List<Double> cpu = new ArrayList<>();
            int rounds = 0;
            for (Bout b : a.bouts()) {
                if (b.match().kind().equals(kind) && b.ran()) {
                    double[] n = Analysis.roundsNeeded(b, 0.05);
                    if (!Double.isNaN(n[0])) {
                        mbs.add(n[0]);
                        cpu.add(n[1]);
                        rounds = b.rounds();
                    }
                }
            }
            if (!mbs.isEmpty()) {
                md.append(String.format(Locale.ROOT, "| %s | %d | %.0f / %.0f | %.0f / %.0f | %d |%n", kind, mbs.size(),
                        median(mbs), max(mbs), median(cpu), max(cpu), rounds));
            }
        }
    }

    /** Every bout, every member: the numbers behind the ratios. */
    private static void details(StringBuilder md, Analysis a) {
        md.append("\n## Matches in detail\n");
        String title = null;
        for (Bout b : a.bouts()) {
            if (!b.match().title().equals(title)) {
                title = b.match().title();
                md.append("\n### ").append(escape(title)).append("\n\n");
                md.append("| subject | member | MB/s median (min-max) | CPU-s/GiB | alloc MiB/GiB | heap peak MiB | client busy"
                        + " | server busy | JIT ms (all rounds) | other load (median / max) | subject x member: MB/s | CPU |\n");
                md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            }
            if (!b.ran()) {
                md.append("| ").append(b.subject().id()).append(" | | ").append(escape(String.valueOf(b.failure())))
                        .append(" | | | | | | | | | |\n");
                continue;
            }
            for (Case c : b.members()) {
                Summary s = b.summary(c);
                boolean self = c.equals(b.subject());
                Analysis.Comparison cmp = self ? null : Analysis.compare(b, c);
                md.append("| ").append(self ? "**" + b.subject().id() + "**" : "").append(" | ").append(c.id())
                        .append(" | ").append(Labels.num(s.medianMBs(), "%.0f")).append(" (")
                        .append(Labels.num(s.minMBs(), "%.0f")).append("-").append(Labels.num(s.maxMBs(), "%.0f")).append(")")
                        .append(" | ").append(Labels.num(s.serverCpuPerGiB(), "%.3f"))
                        .append(" | ").append(Labels.num(s.allocMiBPerGiB(), "%.1f"))
                        .append(" | ").append(Labels.num(s.heapPeakGrowthMiB(), "%.0f"))
                        .append(" | ").append(Labels.num(100 * s.clientBusy(), "%.0f%%"))
                        .append(" | ").append(Labels.num(s.serverBusy(), "%.2f"))
                        .append(" | ").append(s.total("jitMillis"))
                        .append(" | ").append(Labels.num(s.otherCores(), "%.2f")).append(" / ")
                        .append(Labels.num(s.maxOtherCores(), "%.2f"))
                        .append(" | ").append(self ? "" : cmp.mbs().ratio())
                        .append(" | ").append(self ? "" : cmp.cpu().ratio()).append(" |\n");
            }
        }
        md.append("\nServers: ");
        List<String> seen = new ArrayList<>();
        for (Bout b : a.bouts()) {
            for (Case c : b.members()) {
                String d = c.id() + " = " + b.server(c);
                if (!b.server(c).isEmpty() && seen.stream().noneMatch(x -> x.startsWith(c.id() + " = "))) {
                    seen.add(d);
                }
            }
        }
        md.append(escape(String.join("; ", seen))).append(".\n");
    }

    private static void clientBound(StringBuilder md, Analysis a) {
        StringBuilder list = new StringBuilder();
        for (Bout b : a.bouts()) {
            for (Case c : b.members()) {
                Summary s = b.ran() ? b.summary(c) : null;
                if (s != null && s.clientBusy() > CLIENT_BOUND) {
                    list.append(String.format(Locale.ROOT, "- `%s` (bout of `%s`): client busy %.0f%% of the time%n",
                            c.id(), b.subject().id(), 100 * s.clientBusy()));
                }
            }
        }
        md.append("\n## Client-bound rows (client thread busy > 85% of the upload)\n\n");
        md.append(list.length() == 0 ? "None: the client had spare time in every row.\n" : list.toString());
    }

    private static void noisy(StringBuilder md, Analysis a) {
        StringBuilder list = new StringBuilder();
        for (Bout b : a.bouts()) {
            Summary s = b.ran() ? b.summary(b.subject()) : null;
            if (s != null && s.otherCores() > NOISY_CORES) {
                list.append(String.format(Locale.ROOT, "- bout of `%s`: other processes used %.2f cores (median), %.2f (max)%n",
                        b.subject().id(), s.otherCores(), s.maxOtherCores()));
            }
        }
        md.append("\n## Noisy bouts (other processes used > ").append(NOISY_CORES).append(" cores, median)\n\n");
        md.append(list.length() == 0 ? "None.\n" : list.toString()
                + "\nPairing cancels load that hits both members of a round alike; a ratio from a noisy bout is still"
                + " paired, its interval is wider.\n");
    }

    static String iperf(Analysis a) {
        List<double[]> runs = a.machine().iperf();
        if (runs.isEmpty()) {
            return a.machine().iperfNote();
        }
        double[] mbs = runs.stream().mapToDouble(r -> r[0]).toArray();
        double[] server = runs.stream().mapToDouble(r -> r[1]).toArray();
        double[] client = runs.stream().mapToDouble(r -> r[2]).toArray();
        return String.format(Locale.ROOT, "%.0f MB/s median of %d runs (%.0f-%.0f); receiver %.3f CPU-s/GiB, sender %.3f"
                        + " CPU-s/GiB (%s)", Bootstrap.medianOf(mbs), runs.size(), min(mbs), max(mbs),
                Bootstrap.medianOf(server), Bootstrap.medianOf(client), a.machine().iperfNote());
    }

    private static double median(List<Double> v) {
        return Bootstrap.medianOf(v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(Double.NaN);
    }

    static String escape(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
