package dev.loopwork.bench.harness;

import java.util.ArrayList;
import java.util.List;

/** Everything one case produced: its repetitions, or why it did not run. */
public final class CaseResult {

    private final Case spec;
    private final List<Rep> reps = new ArrayList<>();
    private String server = "";
    private String client = "";
    private String failure;
    private int noisyDiscarded;

    CaseResult(Case spec) {
        this.spec = spec;
    }

    public Case spec() {
        return spec;
    }

    public List<Rep> reps() {
        return reps;
    }

    /** The server's own description (implementation, version, transport). */
    public String server() {
        return server;
    }

    public String client() {
        return client;
    }

    /** Why the case has no (complete) result: pending, unavailable, failed; {@code null} if it ran. */
    public String failure() {
        return failure != null ? failure : spec.pending();
    }

    public boolean ran() {
        return failure() == null && !reps.isEmpty();
    }

    void add(Rep rep) {
        reps.add(rep);
    }

    void server(String description) {
        this.server = description;
    }

    void client(String description) {
        this.client = description;
    }

    /** Repetitions measured while other processes were busy, thrown away and run again. */
    public int noisyDiscarded() {
        return noisyDiscarded;
    }

    void discardNoisy() {
        noisyDiscarded++;
    }

    void fail(String why) {
        this.failure = why;
    }

    /** The summary of the repetitions at {@code sizeBytes}, or {@code null} if there are none. */
    public Summary at(long sizeBytes) {
        List<Rep> same = new ArrayList<>();
        for (Rep r : reps) {
            if (r.sizeBytes() == sizeBytes) {
                same.add(r);
            }
        }
        return same.isEmpty() || failure() != null ? null : new Summary(same);
    }
}
