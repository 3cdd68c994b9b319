package dev.loopwork.bench.report;

import dev.loopwork.bench.harness.Bout;
import dev.loopwork.bench.harness.Case;
import dev.loopwork.bench.harness.Profile;
import dev.loopwork.bench.harness.Rep;
import dev.loopwork.bench.stats.Interval;
import dev.loopwork.http.internal.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code latest.json}: every repetition's raw numbers, the paired ratios and the verdicts of the Markdown. */
final class JsonReport {

    private JsonReport() {
    }

    static String render(Profile profile, Map<String, String> env, List<String> notes, List<String> clients, Analysis a) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", profile.name());
        p.put("sizeMiB", profile.sizeMiB());
        p.put("tlsSizeMiB", profile.tlsSizeMiB());
        p.put("rounds", profile.reps());
        p.put("warmups", profile.warmups());
        p.put("warmupMiB", profile.warmupMiB());
        p.put("warmupSeconds", profile.warmupTime().toMillis() / 1000.0);
        p.put("heapMiB", profile.heapMiB());
        root.put("profile", p);
        root.put("environment", env);
        root.put("clients", clients);
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("aesCpuSecondsPerGiB", a.machine().aesCpuPerGiB());
        machine.put("aes", a.machine().aesNote());
        List<Object> iperf = new ArrayList<>();
        for (double[] r : a.machine().iperf()) {
            iperf.add(Map.of("MBs", r[0], "serverCpuSecondsPerGiB", r[1], "clientCpuSecondsPerGiB", r[2]));
        }
        machine.put("iperf3", iperf);
        machine.put("iperf3Note", a.machine().iperfNote());
        root.put("machine", machine);
        root.put("notRun", notes);
        List<Object> bouts = new ArrayList<>();
        for (Bout b : a.bouts()) {
            bouts.add(bout(b, a));
        }
        root.put("bouts", bouts);
        List<Object> verdicts = new ArrayList<>();
        for (Targets.Line t : Targets.evaluate(a)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("backend", t.backend());
            m.put("what", t.what());
            m.put("value", interval(t.value()));
            m.put("target", t.target());
            m.put("status", t.status());
            m.put("evidence", t.evidence());
            verdicts.add(m);
        }
        root.put("targets", verdicts);
        return Json.write(root);
    }

    private static Map<String, Object> bout(Bout b, Analysis a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("match", b.match().kind());
        m.put("title", b.match().title());
        m.put("subject", b.subject().id());
        m.put("status", b.ran() ? "ran" : b.failure());
        m.put("rounds", b.rounds());
        m.put("client", b.client());
        List<Object> comparisons = new ArrayList<>();
        for (Case r : b.references()) {
            Analysis.Comparison c = Analysis.compare(b, r);
            comparisons.add(Map.of("reference", r.id(), "MBsRatio", interval(c.mbs()), "cpuRatio", interval(c.cpu())));
        }
        m.put("comparisons", comparisons);
        m.put("floorMultiple", interval(a.floorMultiple(b)));
        List<Object> members = new ArrayList<>();
        for (Case c : b.members()) {
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("id", c.id());
            mm.put("server", b.server(c));
            List<Object> reps = new ArrayList<>();
            for (Rep rep : b.reps(c)) {
                reps.add(rep(rep));
            }
            mm.put("reps", reps);
            members.add(mm);
        }
        m.put("members", members);
        if (b.heap() != null) {
            m.put("heapUpload", rep(b.heap()));
        }
        return m;
    }

    private static Map<String, Object> rep(Rep rep) {
        Map<String, Object> rm = new LinkedHashMap<>();
        rm.put("round", rep.round());
        rm.put("bytes", rep.sizeBytes());
        rm.put("MBs", rep.mbPerSecond());
        rm.put("nanos", rep.sample().nanos());
        rm.put("clientCpuNanos", rep.sample().clientCpuNanos());
        rm.putAll(rep.server());
        rm.put("otherLoadCores", rep.otherCores());
        return rm;
    }

    private static Map<String, Object> interval(Interval i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("estimate", i.estimate());
        m.put("low", i.low());
        m.put("high", i.high());
        m.put("n", i.n());
        return m;
    }
}
