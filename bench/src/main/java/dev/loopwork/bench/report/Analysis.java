package dev.loopwork.bench.report;

import dev.loopwork.bench.harness.Case;
import dev.loopwork.bench.harness.CaseResult;
import dev.loopwork.bench.harness.Summary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The comparisons every report makes: each row against its Netty peer (same body, same TLS engine,
 * Netty's transport for that backend) and against the raw limit (the same implementation's raw
 * discard server on the same backend, plain TCP).
 */
final class Analysis {

    private final List<CaseResult> results;
    private final Map<String, CaseResult> byId = new LinkedHashMap<>();

    Analysis(List<CaseResult> results) {
        this.results = results;
        for (CaseResult r : results) {
            byId.put(r.spec().id(), r);
        }
    }

    List<CaseResult> results() {
        return results;
    }

    /** The Loopwork backends, in run order. */
    List<String> loopworkBackends() {
        List<String> b = new ArrayList<>();
        for (CaseResult r : results) {
            if (r.spec().isLoopwork() && !b.contains(r.spec().backend())) {
                b.add(r.spec().backend());
            }
        }
        return b;
    }

    /** The rows of one backend's section: its Loopwork rows and its Netty peer's, raw first, then by security. */
    List<CaseResult> section(String loopworkBackend) {
        String peer = Case.nettyPeerTransport(loopworkBackend);
        List<CaseResult> rows = new ArrayList<>();
        for (String body : List.of("raw", "http", "http-file")) {
            for (String tls : List.of("none", "jdk", "openssl")) {
                // a peer row only where this backend has the row it is compared with
                if (add(rows, new Case("loopwork", loopworkBackend, body, tls, null).id())) {
                    add(rows, new Case("netty", peer, body, tls, null).id());
                }
            }
        }
        return rows;
    }

    private boolean add(List<CaseResult> rows, String id) {
        CaseResult r = byId.get(id);
        if (r != null) {
            rows.add(r);
        }
        return r != null;
    }

    CaseResult peerOf(Case c, String loopworkBackend) {
        if (!c.isLoopwork()) {
            return null;
        }
        return byId.get(new Case("netty", Case.nettyPeerTransport(loopworkBackend), c.body(), c.tls(), null).id());
    }

    CaseResult rawOf(Case c) {
        return byId.get(new Case(c.impl(), c.backend(), "raw", "none", null).id());
    }

    /** Median of {@code r} over median of {@code base} at one size; NaN when either is missing. */
    static double ratio(CaseResult r, CaseResult base, long size) {
        if (r == null || base == null) {
            return Double.NaN;
        }
        Summary a = r.at(size);
        Summary b = base.at(size);
        return a == null || b == null ? Double.NaN : a.medianMBs() / b.medianMBs();
    }

    double vsPeer(CaseResult r, String loopworkBackend, long size) {
        return ratio(r, peerOf(r.spec(), loopworkBackend), size);
    }

    double vsRaw(CaseResult r, long size) {
        return ratio(r, rawOf(r.spec()), size);
    }
}
