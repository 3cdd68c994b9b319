package dev.loopwork.example;

import java.util.ArrayList;
import java.util.function.Consumer;

/**
 * The fake POLLINs of one {@link SelectorLoop}: registrations promised a READ readiness whether or
 * not their socket is readable. Loop thread only.
 *
 * <h2>Next iteration, not this one</h2>
 * Two lists: {@code next} collects requests; at the start of a dispatch it becomes {@code due}
 * and a fresh list collects the requests made during the dispatch (a connection whose read budget
 * ran out asks again from its callback). Those wait for the next iteration, after the poll and
 * the tasks, so one busy connection cannot keep the loop in its dispatch step.
 *
 * <h2>One readiness per registration</h2>
 * A registration's {@code fake} field says where it stands, so that two requests make one entry,
 * a real readiness of the same iteration carries the fake along ({@link #takeDue}), and a cancel
 * (which resets the field) withdraws it.
 */
final class FakeQueue {

    private ArrayList<SelectorRegistration> next = new ArrayList<>();
    private ArrayList<SelectorRegistration> due = new ArrayList<>();

    /** Queues {@code reg} for the next iteration, once. */
    void add(SelectorRegistration reg) {
        if (reg.fake == SelectorRegistration.FAKE_NONE) {
            reg.fake = SelectorRegistration.FAKE_QUEUED;
            next.add(reg);
        } // already queued, or due in the iteration running now: one READ serves both requests
    }

    /** Whether a fake waits for the next iteration: then the loop must not block in its poller. */
    boolean isEmpty() {
        return next.isEmpty();
    }

    /** Start of a dispatch: what was asked for until now is due in it. */
    void beginDispatch() {
        ArrayList<SelectorRegistration> swap = due;
        due = next;
        next = swap;
        for (SelectorRegistration reg : due) {
            if (reg.fake == SelectorRegistration.FAKE_QUEUED) { // not cancelled meanwhile
                reg.fake = SelectorRegistration.FAKE_DUE;
            }
        }
    }

    /** Whether {@code reg} has a fake due now; if so it is taken, to ride along with a real readiness. */
    boolean takeDue(SelectorRegistration reg) {
        if (reg.fake == SelectorRegistration.FAKE_DUE) {
            reg.fake = SelectorRegistration.FAKE_NONE;
            return true;
        }
        return false;
    }

    /** End of a dispatch: hands every due fake not yet taken, of a valid registration, to {@code fire}. */
    int deliverRest(Consumer<SelectorRegistration> fire) {
        int n = 0;
        for (SelectorRegistration reg : due) {
            if (takeDue(reg) && reg.isValid()) {
                fire.accept(reg);
                n++;
            }
        }
        due.clear();
        return n;
    }

    /** At shutdown. */
    void clear() {
        next.clear();
        due.clear();
    }

    /** Fakes waiting for the next iteration (read from any thread by {@code toString}: approximate). */
    int size() {
        return next.size();
    }
}
