package dev.loopwork.bench.report;

import dev.loopwork.bench.harness.Case;
import dev.loopwork.bench.harness.CaseResult;
import dev.loopwork.bench.harness.Profile;
import dev.loopwork.bench.harness.Rep;
import dev.loopwork.bench.harness.Summary;
import dev.loopwork.http.internal.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code latest.json}: every repetition's raw numbers plus the summaries and verdicts of the Markdown. */
final class JsonReport {

    private JsonReport() {
    }

    static String render(Profile profile, Map<String, String> env, List<String> notes, List<String> clients, Analysis a) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", profile.name());
        p.put("sizesMiB", profile.sizesMiB());
        p.put("warmups", profile.warmups());
        p.put("warmupSeconds", profile.warmupTime().toSeconds());
        p.put("reps", profile.reps());
        root.put("profile", p);
        root.put("environment", env);
        root.put("clients", clients);
        root.put("notRun", notes);
        List<Object> cases = new ArrayList<>();
        for (CaseResult r : a.results()) {
            cases.add(caseJson(r, a, profile));
        }
        root.put("cases", cases);
        List<Object> verdicts = new ArrayList<>();
        long size = profile.sizesMiB().get(profile.sizesMiB().size() - 1) << 20;
        for (Targets.Verdict v : Targets.evaluate(a, size, profile.sizesMiB().contains(4096L))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("backend", v.backend());
            m.put("what", v.what());
            m.put("value", v.value());
            m.put("target", v.target());
            m.put("status", v.status());
            m.put("evidence", v.evidence());
            verdicts.add(m);
        }
        root.put("targets", verdicts);
        return Json.write(root);
    }

    private static Map<String, Object> caseJson(CaseResult r, Analysis a, Profile profile) {
        Case c = r.spec();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("impl", c.impl());
        m.put("backend", c.backend());
        m.put("body", c.body());
        m.put("security", c.security());
        m.put("server", r.server());
        m.put("status", r.ran() ? "ran" : r.failure());
        m.put("noisyRepetitionsDiscarded", r.noisyDiscarded());
        List<Object> sizes = new ArrayList<>();
        for (long mib : profile.sizesMiB()) {
            Summary s = r.at(mib << 20);
            if (s == null) {
                continue;
            }
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("mib", mib);
            sm.put("medianMBs", s.medianMBs());
            sm.put("minMBs", s.minMBs());
            sm.put("maxMBs", s.maxMBs());
            sm.put("vsRaw", c.isLimit() ? null : a.vsRaw(r, mib << 20));
            sm.put("vsNettyPeer", c.isLoopwork() ? a.vsPeer(r, c.backend(), mib << 20) : null);
            sm.put("serverCpuSecondsPerGiB", s.serverCpuPerGiB());
            sm.put("clientCpuSecondsPerGiB", s.clientCpuPerGiB());
            sm.put("allocMiBPerGiB", s.allocMiBPerGiB());
            sm.put("heapRetainedGrowthMiB", s.heapRetainedGrowthMiB());
            sm.put("heapPeakGrowthMiB", s.heapPeakGrowthMiB());
            sm.put("otherLoadCores", s.otherCores());
            List<Object> reps = new ArrayList<>();
            for (Rep rep : r.reps()) {
                if (rep.sizeBytes() != mib << 20) {
                    continue;
                }
                Map<String, Object> rm = new LinkedHashMap<>();
                rm.put("MBs", rep.mbPerSecond());
                rm.put("nanos", rep.sample().nanos());
                rm.put("clientCpuNanos", rep.sample().clientCpuNanos());
                rm.putAll(rep.server());
                rm.put("otherLoadCores", rep.otherCores());
                reps.add(rm);
            }
            sm.put("reps", reps);
            sizes.add(sm);
        }
        m.put("sizes", sizes);
        return m;
    }
}
