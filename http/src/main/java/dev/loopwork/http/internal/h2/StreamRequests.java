package dev.loopwork.http.internal.h2;

import dev.loopwork.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What streams ask of the loop from any thread (a response queued output, a consumer resumed, a
 * response must be cut): queued here, and run at the end of the connection's current step or in a
 * step of their own. One task at a time is scheduled on the loop however many requests come.
 */
final class StreamRequests implements H2Stream.Owner {

    private static final Logger log = LoggerFactory.getLogger(StreamRequests.class);

    /** The connection as the requests see it. */
    interface Owner {
        /** The transport, or null before it opened. */
        Connection transport();

        /** Whether a step of the connection is running on this thread now. */
        boolean inStep();

        /** Runs an empty step: it runs the pending requests, then writes and syncs reading. */
        void settle();
    }

    enum Kind { FLUSH, DRAIN, RESET }

    private record Pending(Kind kind, H2Stream stream, ErrorCode code) {
    }

    private final Owner owner;
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean settleScheduled = new AtomicBoolean();
    private final Runnable settleTask;

    StreamRequests(Owner owner) {
        this.owner = owner;
        this.settleTask = () -> {
            settleScheduled.set(false);
            owner.settle();
        };
    }

    @Override
    public void requestFlush(H2Stream s) {
        request(new Pending(Kind.FLUSH, s, null));
    }

    @Override
    public void requestDrain(H2Stream s) {
        request(new Pending(Kind.DRAIN, s, null));
    }

    @Override
    public void requestReset(H2Stream s, ErrorCode code) {
        request(new Pending(Kind.RESET, s, code));
    }

    @Override
    public boolean isWritable() {
        Connection c = owner.transport();
        return c != null && c.isWritable();
    }

    /** In a step, on the loop thread: runs what was asked for the streams still live. */
    void run(StreamTable streams, StreamLife life) {
        Pending p;
        while ((p = pending.poll()) != null) {
            H2Stream s = p.stream();
            if (!streams.isLive(s)) {
                continue; // retired meanwhile
            }
            switch (p.kind()) {
                case FLUSH:
                    life.flush(s);
                    break;
                case DRAIN:
                    life.drainHeld(s);
                    break;
                default:
                    life.reset(s, p.code(), false);
                    break;
            }
        }
    }

    private void request(Pending p) {
        Connection c = owner.transport();
        if (c == null) {
            return;
        }
        pending.add(p);
        if (c.loop().inLoop()) {
            if (!owner.inStep()) {
                owner.settle();
            }
            // else: the step in progress runs it before it ends
        } else if (settleScheduled.compareAndSet(false, true)) {
            try {
                c.loop().execute(settleTask);
            } catch (RejectedExecutionException x) {
                log.debug("{}: loop stopped; {} dropped", owner, p.kind());
            }
        }
    }

    @Override
    public String toString() {
        return "requests{pending=" + pending.size() + (settleScheduled.get() ? ", scheduled" : "") + '}';
    }
}
