package dev.loopwork.tck;

import dev.loopwork.Connection;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;

/**
 * A client handler that streams a {@link Payload} to an echo server while digesting what comes back.
 * It writes while the connection is writable and continues on {@code onWritable} (backpressure),
 * and completes {@link #result} once as many bytes came back as it sent, then closes.
 */
class StreamClient extends TckHandler {

    /** What came back: byte count and SHA-256. */
    record Result(long bytes, byte[] digest) {
    }

    static final int CHUNK = 64 * 1024;

    final CompletableFuture<Result> result = new CompletableFuture<>();
    private final Payload payload;
    private final MessageDigest received = Digests.sha256();
    private volatile long receivedBytes;

    StreamClient(Violations violations, Payload payload) {
        super(violations);
        this.payload = payload;
    }

    long receivedBytes() {
        return receivedBytes;
    }

    @Override
    void opened(Connection c) {
        pump(c);
    }

    @Override
    void writable(Connection c) {
        pump(c);
    }

    private void pump(Connection c) {
        while (payload.hasRemaining() && c.isWritable()) {
            c.write(payload.next(CHUNK));
        }
    }

    @Override
    void data(Connection c, ByteBuffer data) {
        receivedBytes += data.remaining();
        received.update(data); // consumes: position moves to limit
        if (receivedBytes == payload.length() && !result.isDone()) {
            result.complete(new Result(receivedBytes, received.digest()));
            c.close();
        } else if (receivedBytes > payload.length()) {
            result.completeExceptionally(new AssertionError("received " + receivedBytes + " bytes, only "
                    + payload.length() + " were sent"));
            c.close();
        }
    }

    @Override
    void closedHook(Connection c, Throwable cause) {
        if (!result.isDone()) {
            result.completeExceptionally(new AssertionError("connection closed after " + receivedBytes + " of "
                    + payload.length() + " echoed bytes (sent " + payload.produced() + ")", cause));
        }
    }

    @Override
    public String toString() {
        return super.toString() + "{sent=" + payload.produced() + ", received=" + receivedBytes + '}';
    }
}
