package dev.loopwork.bench.report;

import dev.loopwork.bench.harness.Case;
import dev.loopwork.bench.harness.CaseResult;
import dev.loopwork.bench.harness.Profile;
import dev.loopwork.bench.harness.Summary;

import java.util.List;
import java.util.Map;

/** {@code latest.md}: the environment, one table per size and backend, the targets, what did not run. */
final class MarkdownReport {

    static final double NOISY_CORES = 0.25;

    private MarkdownReport() {
    }

    static String render(Profile profile, Map<String, String> env, List<String> notes, List<String> clients,
                         Analysis a) {
        StringBuilder md = new StringBuilder();
        md.append("# Loopwork upload benchmark\n\n");
        md.append("Profile `").append(profile.name()).append("`: uploads of ").append(profile.sizesMiB())
                .append(" MiB, ").append(profile.warmups()).append(" warm-up upload(s) and at least ")
                .append(profile.warmupTime().toSeconds()).append(" s of warm-up, then ").append(profile.reps())
                .append(" timed uploads per server and size, each on a new connection, each server in a fresh JVM. ")
                .append("MB/s = 10^6 bytes/s of body, from the first body byte to the server's answer.\n\n");
        md.append("| environment | |\n| --- | --- |\n");
        env.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(escape(v)).append(" |\n"));
        for (String c : clients) {
            md.append("| client | ").append(escape(c)).append(" |\n");
        }
        md.append('\n');

        for (long mib : profile.sizesMiB()) {
            long size = mib << 20;
            md.append("## ").append(mib).append(" MiB uploads\n\n");
            for (String backend : a.loopworkBackends()) {
                md.append("### ").append(backend).append(" (Netty peer: ").append(Case.nettyPeerTransport(backend))
                        .append(")\n\n");
                md.append("| server | security | MB/s median | min-max | x Netty | x raw | server CPU-s/GiB"
                        + " | client CPU-s/GiB | alloc MiB/GiB | heap growth MiB (retained / peak) | other load |\n");
                md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
                for (CaseResult r : a.section(backend)) {
                    row(md, a, r, backend, size);
                }
                md.append('\n');
            }
        }

        long targetSize = profile.sizesMiB().get(profile.sizesMiB().size() - 1) << 20;
        md.append("## Targets (").append(targetSize >> 20).append(" MiB medians; reported, never asserted)\n\n");
        md.append("| backend | what | value | target | status | evidence |\n| --- | --- | ---: | --- | --- | --- |\n");
        for (Targets.Verdict v : Targets.evaluate(a, targetSize, profile.sizesMiB().contains(4096L))) {
            md.append("| ").append(v.backend()).append(" | ").append(v.what()).append(" | ").append(v.value())
                    .append(" | ").append(v.target()).append(" | **").append(v.status()).append("** | ")
                    .append(escape(v.evidence())).append(" |\n");
        }
        md.append('\n');

        md.append("## Not run\n\n");
        for (String n : notes) {
            md.append("- ").append(escape(n)).append('\n');
        }
        for (CaseResult r : a.results()) {
            if (r.failure() != null) {
                md.append("- `").append(r.spec().id()).append("`: ").append(escape(r.failure())).append('\n');
            }
        }
        md.append('\n');
        md.append("## Reading the table\n\n");
        md.append("- *x Netty*: median over the Netty peer's median, same body and TLS engine, Netty's transport for "
                + "that backend (epoll for epoll, NIO for nio and the Selector-based example loops).\n");
        md.append("- *x raw*: median over the raw TCP discard server of the same implementation and backend "
                + "(no HTTP, no TLS): the limit of that backend on this machine.\n");
        md.append("- *server CPU-s/GiB*: CPU time of the whole server process (all threads, GC and JIT included) per "
                + "GiB of body; *client CPU-s/GiB*: the client thread's. A client near 1 CPU-s per GiB-at-wall-speed "
                + "would be the bottleneck; see the client-bound list below.\n");
        md.append("- *heap growth*: retained = heap after full GC at the end minus at the start (what the upload left "
                + "behind); peak = highest heap use during the upload minus the start (garbage included, depends "
                + "on the collector). *alloc*: bytes allocated by the server's threads per GiB of body.\n");
        md.append("- *other load*: CPU used by other processes during the timed uploads (median, in cores; from "
                + "/proc). Both cores are shared by the client and the server: where others took a sizeable share, "
                + "the row is noisy (see the list below). Compare rows run close together, not across runs.\n\n");
        clientBound(md, a, profile);
        noisy(md, a, profile);
        return md.toString();
    }

    private static void row(StringBuilder md, Analysis a, CaseResult r, String backend, long size) {
        Case c = r.spec();
        md.append("| ").append(Labels.server(c)).append(" (").append(c.backend()).append(") | ")
                .append(Labels.security(c)).append(" | ");
        Summary s = r.at(size);
        if (s == null) {
            String why = r.failure() == null ? "no result at this size" : r.failure();
            md.append(escape(why.length() > 70 ? why.substring(0, 70) + "..." : why)).append(" | | | | | | | | |\n");
            return;
        }
        md.append(Labels.num(s.medianMBs(), "%.0f")).append(" | ")
                .append(Labels.num(s.minMBs(), "%.0f")).append('-').append(Labels.num(s.maxMBs(), "%.0f")).append(" | ")
                .append(c.isLoopwork() ? Labels.ratio(a.vsPeer(r, backend, size)) : "peer").append(" | ")
                .append(c.isLimit() ? "limit" : Labels.ratio(a.vsRaw(r, size))).append(" | ")
                .append(Labels.num(s.serverCpuPerGiB(), "%.2f")).append(" | ")
                .append(Labels.num(s.clientCpuPerGiB(), "%.2f")).append(" | ")
                .append(Labels.num(s.allocMiBPerGiB(), "%.1f")).append(" | ")
                .append(Labels.mib(s.heapRetainedGrowthMiB())).append(" / ")
                .append(Labels.mib(s.heapPeakGrowthMiB())).append(" | ")
                .append(Labels.num(s.otherCores(), "%.2f")).append(" |\n");
    }

    /** Rows where the client thread was busy most of the time: there the client, not the server, may be the limit. */
    private static void clientBound(StringBuilder md, Analysis a, Profile profile) {
        StringBuilder list = new StringBuilder();
        for (CaseResult r : a.results()) {
            for (long mib : profile.sizesMiB()) {
                Summary s = r.at(mib << 20);
                if (s != null) {
                    double busy = s.median(rep -> rep.sample().clientCpuNanos() / (double) rep.sample().nanos());
                    if (busy > 0.85) {
                        list.append(String.format(java.util.Locale.ROOT, "- `%s` %d MiB: client busy %.0f%% of the time%n",
                                r.spec().id(), mib, busy * 100));
                    }
                }
            }
        }
        md.append("## Client-bound rows (client thread busy > 85% of the upload)\n\n");
        md.append(list.length() == 0 ? "None: the client had spare time in every row.\n" : list.toString());
    }

    /** Rows measured while other processes took a sizeable share of the machine. */
    private static void noisy(StringBuilder md, Analysis a, Profile profile) {
        StringBuilder list = new StringBuilder();
        for (CaseResult r : a.results()) {
            if (r.noisyDiscarded() > 0) {
                list.append(String.format(java.util.Locale.ROOT, "- `%s`: %d repetition(s) measured while other processes"
                        + " were busy were thrown away and run again%n", r.spec().id(), r.noisyDiscarded()));
            }
            for (long mib : profile.sizesMiB()) {
                Summary s = r.at(mib << 20);
                if (s != null && s.otherCores() > NOISY_CORES) {
                    list.append(String.format(java.util.Locale.ROOT, "- `%s` %d MiB: other processes used %.2f cores%n",
                            r.spec().id(), mib, s.otherCores()));
                }
            }
        }
        md.append("\n## Noisy rows (other processes used > ").append(NOISY_CORES).append(" cores meanwhile)\n\n");
        md.append(list.length() == 0 ? "None.\n" : list.toString());
    }

    static String escape(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
