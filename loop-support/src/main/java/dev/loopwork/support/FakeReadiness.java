package dev.loopwork.support;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The fake READs a loop promised through {@code LoopOps.fakePollIn}: registrations owed a READ
 * readiness in the next iteration, whether or not their socket is readable. Loop thread only.
 *
 * <h2>Next iteration, not this one</h2>
 * {@link #request} queues for the next iteration. {@link #beginDispatch()}, at the start of a
 * dispatch, makes what was queued due now; requests made during the dispatch (a read budget ran out
 * and the core asks again from the callback) wait for the next one, so one busy connection cannot
 * keep the loop in its dispatch step. While {@link #hasQueued()} the loop must not block in its poller.
 *
 * <h2>One readiness per registration</h2>
 * Two requests before the delivery make one READ; a request for a registration already due in the
 * running dispatch is served by that delivery. A real readiness of the same registration in the same
 * dispatch takes the fake along ({@link #takeDue}: one callback, READ added); the rest are delivered
 * by {@link #deliverRest}. {@link #remove} withdraws a cancelled registration's fake.
 *
 * @param <R> the loop's registration type (compared by {@code equals}; identity for most)
 */
public final class FakeReadiness<R> {

    private LinkedHashSet<R> queued = new LinkedHashSet<>();
    private LinkedHashSet<R> due = new LinkedHashSet<>();

    /** Owes {@code registration} a READ in the next dispatch (once, however often asked). */
    public void request(R registration) {
        Objects.requireNonNull(registration, "registration");
        if (!due.contains(registration)) {
            queued.add(registration);
        }
    }

    /** Whether a fake waits for the next iteration: then the poll must not block. */
    public boolean hasQueued() {
        return !queued.isEmpty();
    }

    /** Start of a dispatch: what was requested until now is due in it. */
    public void beginDispatch() {
        LinkedHashSet<R> swap = due;
        due = queued;
        queued = swap;
        queued.clear();
    }

    /** Whether {@code registration} has a fake due in this dispatch; if so it is taken (the caller adds READ). */
    public boolean takeDue(R registration) {
        return due.remove(registration);
    }

    /**
     * End of a dispatch: hands every due fake not yet taken to {@code fire}; returns how many. A
     * registration cancelled by an earlier callback of the same dispatch was removed and is skipped.
     */
    public int deliverRest(Consumer<? super R> fire) {
        if (due.isEmpty()) {
            return 0;
        }
        List<R> rest = new ArrayList<>(due);
        int n = 0;
        for (R r : rest) {
            if (due.remove(r)) { // not removed by a callback before its turn
                fire.accept(r);
                n++;
            }
        }
        return n;
    }

    /** Withdraws the fake of a cancelled registration. */
    public void remove(R registration) {
        queued.remove(registration);
        due.remove(registration);
    }

    /** At shutdown. */
    public void clear() {
        queued.clear();
        due.clear();
    }

    /** Fakes waiting for the next iteration. */
    public int queuedCount() {
        return queued.size();
    }

    @Override
    public String toString() {
        return "FakeReadiness{queued=" + queued.size() + ", due=" + due.size() + '}';
    }
}
