package dev.loopwork.bench.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One subject and its match's references, measured side by side: per member its repetitions, in
 * round order, so that repetition {@code i} of every member comes from the same round.
 */
public final class Bout {

    private final Match match;
    private final Case subject;
    private final List<Case> members;
    private final Map<Case, List<Rep>> reps = new LinkedHashMap<>();
    private final Map<Case, String> servers = new LinkedHashMap<>();
    private String client = "";
    private String failure;
    private Rep heap;

    Bout(Match match, Case subject) {
        this.match = match;
        this.subject = subject;
        this.members = Match.members(subject, match.references());
        for (Case c : members) {
            reps.put(c, new ArrayList<>());
        }
    }

    /** A bout from recorded repetitions (tests, reports of saved runs). */
    public static Bout of(Match match, Case subject, Map<Case, List<Rep>> recorded) {
        Bout b = new Bout(match, subject);
        recorded.forEach((c, r) -> b.reps.get(c).addAll(r));
        return b;
    }

    public Match match() {
        return match;
    }

    public Case subject() {
        return subject;
    }

    public List<Case> references() {
        return match.references();
    }

    public List<Case> members() {
        return members;
    }

    /** Rounds every member completed: the ones that can be paired. */
    public int rounds() {
        int n = Integer.MAX_VALUE;
        for (List<Rep> r : reps.values()) {
            n = Math.min(n, r.size());
        }
        return n == Integer.MAX_VALUE ? 0 : n;
    }

    /** The member's repetitions of the complete rounds. */
    public List<Rep> reps(Case c) {
        List<Rep> r = reps.get(c);
        return r == null ? List.of() : r.subList(0, Math.min(r.size(), rounds()));
    }

    /** One number per complete round, in round order: what paired statistics take. */
    public double[] values(Case c, ToDoubleFunction<Rep> f) {
        return reps(c).stream().mapToDouble(f).toArray();
    }

    public Summary summary(Case c) {
        List<Rep> r = reps(c);
        return r.isEmpty() ? null : new Summary(r);
    }

    public String server(Case c) {
        return servers.getOrDefault(c, "");
    }

    public String client() {
        return client;
    }

    /** Why the bout has no (complete) result; {@code null} if it ran. */
    public String failure() {
        return failure != null ? failure : subject.pending();
    }

    public boolean ran() {
        return failure() == null && rounds() > 0;
    }

    void add(Case c, Rep rep) {
        reps.get(c).add(rep);
    }

    void server(Case c, String description) {
        servers.put(c, description);
    }

    void client(String description) {
        this.client = description;
    }

    /** The subject's one large upload with the heap settled around it (full profile), or {@code null}. */
    public Rep heap() {
        return heap;
    }

    void heap(Rep rep) {
        this.heap = rep;
    }

    void fail(String why) {
        this.failure = why;
    }
}
