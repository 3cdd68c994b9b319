package dev.loopwork.tls.pump;

// A copy of the tls module's test harness (tls/src/test/java/dev/loopwork/tls/pump) for the TLS record
// fuzz target of this suite: test classes of another module are not on this class path. Keep in step.

import dev.loopwork.StageResult;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Two {@link Endpoint}s back to back, in memory, on one thread: each step drives one side as the
 * connection core would, then moves at most {@code wireChunk} bytes of ciphertext across the
 * "wire" each way, and carries a FIN once a side has shut its output. Deterministic: no threads,
 * no clocks. A step in which nothing moves before the awaited condition holds is a stall and
 * fails the test with both sides' state.
 */
public final class StagePump {

    private static final long MAX_STEPS = 50_000_000L;

    private final Endpoint client;
    private final Endpoint server;
    private IntSupplier wireChunk = () -> Integer.MAX_VALUE;
    private long steps;
    private long wireBytes;

    public StagePump(Endpoint client, Endpoint server) {
        this.client = client;
        this.server = server;
    }

    /** Bytes moved across the wire per step and direction, e.g. {@code () -> 1}. */
    public StagePump wireChunk(IntSupplier bytes) {
        this.wireChunk = bytes;
        return this;
    }

    /** Pumps until {@code done} holds; fails on a stall or after a bounded number of steps. */
    public void runUntil(BooleanSupplier done, String what) throws IOException {
        long start = steps;
        while (!done.getAsBoolean()) {
            if (steps - start >= MAX_STEPS) {
                throw new AssertionError("not " + what + " after " + MAX_STEPS + " steps: " + this);
            }
            steps++;
            boolean moved = client.drive();
            moved |= transfer(client, server);
            moved |= server.drive();
            moved |= transfer(server, client);
            if (!moved && !done.getAsBoolean()) {
                throw new AssertionError("stalled before " + what + ": " + this);
            }
        }
    }

    /** Pumps until both stages are established. */
    public void handshake() throws IOException {
        runUntil(() -> client.stage.isEstablished() && server.stage.isEstablished()
                && !client.stage.needsEncode() && !server.stage.needsEncode(), "both sides established");
    }

    /** Pumps until each side has received everything the other was told to send. */
    public void transferAll() throws IOException {
        runUntil(() -> client.allSent() && server.allSent() && client.received() == server.sent()
                && server.received() == client.sent(), "all data delivered both ways");
    }

    /** Pumps until neither side can move a byte; returns the steps taken. */
    public long quiesce() throws IOException {
        long before = steps;
        boolean moved = true;
        for (int i = 0; moved && i < 1_000_000; i++) {
            steps++;
            moved = client.drive();
            moved |= transfer(client, server);
            moved |= server.drive();
            moved |= transfer(server, client);
        }
        return steps - before;
    }

    private boolean transfer(Endpoint from, Endpoint to) {
        boolean moved = false;
        int n = Math.min(Math.min(from.tx0.position(), to.rx0.remaining()), Math.max(1, wireChunk.getAsInt()));
        if (n > 0) {
            from.tx0.flip();
            ByteBuffer slice = from.tx0.slice();
            slice.limit(n);
            to.rx0.put(slice);
            from.tx0.position(from.tx0.position() + n);
            from.tx0.compact();
            to.decodeStalled = false;
            wireBytes += n;
            moved = true;
        }
        if (from.outputShut && from.tx0.position() == 0 && !to.peerFin) {
            to.peerFin = true;
            moved = true;
        }
        return moved;
    }

    static void requireHonest(String what, StageResult r, long consumed, long produced) {
        if (r.consumed() != consumed || r.produced() != produced) {
            throw new AssertionError(what + " reported " + r + " but moved " + consumed + " in and " + produced + " out");
        }
    }

    public long wireBytes() {
        return wireBytes;
    }

    @Override
    public String toString() {
        return "StagePump{steps=" + steps + ", wire=" + wireBytes + "\n  " + client + "\n  " + server + '}';
    }
}
