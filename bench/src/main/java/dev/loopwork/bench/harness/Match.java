package dev.loopwork.bench.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * Rows measured side by side. The references stay alive for the whole match (warmed once); each
 * subject in turn joins them for one bout, in which every member uploads once per round, the
 * order alternating from round to round (A B, then B A: A B B A ...), each upload on a new
 * connection. Every subject is compared with every reference over the rounds of its bout.
 *
 * @param kind       {@code raw} (Loopwork raw against the limits), {@code http}, {@code tls}
 *                   (HTTP over TLS), {@code raw-tls}, {@code file}, {@code pause} (the hook against
 *                   the fallback on one loop)
 * @param title      what the report calls the match
 * @param references rows every subject is compared with
 * @param subjects   rows compared with them, one bout each
 */
public record Match(String kind, String title, List<Case> references, List<Case> subjects) {

    public Match {
        references = List.copyOf(references);
        subjects = List.copyOf(subjects);
    }

    /** The same match with only the subjects {@code keep} accepts. */
    Match onlySubjects(java.util.function.Predicate<Case> keep) {
        List<Case> s = new ArrayList<>();
        for (Case c : subjects) {
            if (keep.test(c)) {
                s.add(c);
            }
        }
        return new Match(kind, title, references, s);
    }

    /** Members of a bout in round order: the subject, then the references. */
    static List<Case> members(Case subject, List<Case> references) {
        List<Case> m = new ArrayList<>();
        m.add(subject);
        m.addAll(references);
        return m;
    }
}
