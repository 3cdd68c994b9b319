package dev.loopwork.tck.faults;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a {@link FaultInjectingProvider} injected so far, summed over its sockets and listeners.
 * Thread-safe; exact once the loops have stopped.
 */
public final class FaultStats {

    final AtomicLong reads = new AtomicLong();
    final AtomicLong zeroReads = new AtomicLong();
    final AtomicLong shortReads = new AtomicLong();
    final AtomicLong writes = new AtomicLong();
    final AtomicLong zeroWrites = new AtomicLong();
    final AtomicLong shortWrites = new AtomicLong();
    final AtomicLong acceptCalls = new AtomicLong();
    final AtomicLong acceptFailures = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong sockets = new AtomicLong();
    private final ConcurrentLinkedQueue<InjectedFault> errors = new ConcurrentLinkedQueue<>();

    void error(InjectedFault f) {
        errors.add(f);
    }

    public long reads() {
        return reads.get();
    }

    public long zeroReads() {
        return zeroReads.get();
    }

    public long shortReads() {
        return shortReads.get();
    }

    public long writes() {
        return writes.get();
    }

    public long zeroWrites() {
        return zeroWrites.get();
    }

    public long shortWrites() {
        return shortWrites.get();
    }

    /** Calls of {@code accept} on every listener, failed or not. */
    public long acceptCalls() {
        return acceptCalls.get();
    }

    /** Accept calls that failed with an injected "Too many open files". */
    public long acceptFailures() {
        return acceptFailures.get();
    }

    /** Sockets the listeners handed out. */
    public long accepted() {
        return accepted.get();
    }

    /** Sockets wrapped (accepted and connected). */
    public long sockets() {
        return sockets.get();
    }

    /** Every read or write error injected, first one per socket (later calls rethrow it). */
    public List<InjectedFault> errors() {
        return List.copyOf(errors);
    }

    @Override
    public String toString() {
        return "FaultStats{sockets=" + sockets + ", reads=" + reads + " (zero " + zeroReads + ", short " + shortReads
                + "), writes=" + writes + " (zero " + zeroWrites + ", short " + shortWrites + "), errors="
                + errors.size() + ", accept calls=" + acceptCalls + " (failed " + acceptFailures + ", accepted "
                + accepted + ")}";
    }
}
