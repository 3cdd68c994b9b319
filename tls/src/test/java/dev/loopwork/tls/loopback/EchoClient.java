package dev.loopwork.tls.loopback;

import dev.loopwork.Connection;
import dev.loopwork.ConnectionHandler;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * Writes {@code total} pseudo-random bytes as fast as backpressure allows, hashes what comes
 * back, and closes once everything has come back.
 */
final class EchoClient implements ConnectionHandler {

    private final long total;
    private final SplittableRandom random = new SplittableRandom(42);
    final Sha256 sent = new Sha256();
    final Sha256 received = new Sha256();
    final CompletableFuture<Void> echoed = new CompletableFuture<>();
    final CompletableFuture<Throwable> closed = new CompletableFuture<>();

    EchoClient(long total) {
        this.total = total;
    }

    @Override
    public void onOpen(Connection c) {
        fill(c);
    }

    @Override
    public void onWritable(Connection c) {
        fill(c);
    }

    private void fill(Connection c) {
        while (sent.bytes() < total && c.isWritable()) {
            byte[] chunk = new byte[(int) Math.min(64 * 1024, total - sent.bytes())];
            random.nextBytes(chunk);
            sent.update(chunk, 0, chunk.length);
            c.write(ByteBuffer.wrap(chunk));
        }
    }

    @Override
    public void onData(Connection c, ByteBuffer data) {
        received.update(data);
        if (received.bytes() == total) {
            echoed.complete(null);
            c.close();
        }
    }

    @Override
    public void onClosed(Connection c, Throwable cause) {
        closed.complete(cause);
        if (!echoed.isDone()) {
            echoed.completeExceptionally(cause != null ? cause
                    : new IOException("closed after " + received.bytes() + " of " + total + " bytes came back"));
        }
    }
}
