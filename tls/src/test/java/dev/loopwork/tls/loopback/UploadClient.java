package dev.loopwork.tls.loopback;

import dev.loopwork.Connection;
import dev.loopwork.ConnectionHandler;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * Uploads {@code total} bytes in writes of {@code chunk} bytes (one TLS record each) and collects
 * the server's one-line answer, then closes. With {@code halfClose} it shuts its output (close_notify,
 * FIN) right after the last write and expects the answer after that.
 */
final class UploadClient implements ConnectionHandler {

    private final long total;
    private final int chunk;
    private final boolean halfClose;
    private final SplittableRandom random = new SplittableRandom(99);
    private final StringBuilder answer = new StringBuilder();
    final Sha256 sent = new Sha256();
    final CompletableFuture<String> response = new CompletableFuture<>();
    final CompletableFuture<Throwable> closed = new CompletableFuture<>();
    volatile long startNanos;
    volatile long endNanos;

    UploadClient(long total, int chunk, boolean halfClose) {
        this.total = total;
        this.chunk = chunk;
        this.halfClose = halfClose;
    }

    @Override
    public void onOpen(Connection c) {
        startNanos = System.nanoTime();
        fill(c);
    }

    @Override
    public void onWritable(Connection c) {
        fill(c);
    }

    private void fill(Connection c) {
        while (sent.bytes() < total && c.isWritable()) {
            byte[] b = new byte[(int) Math.min(chunk, total - sent.bytes())];
            random.nextBytes(b);
            sent.update(b, 0, b.length);
            c.write(ByteBuffer.wrap(b));
            if (sent.bytes() == total && halfClose) {
                c.shutdownOutput();
            }
        }
    }

    @Override
    public void onData(Connection c, ByteBuffer data) {
        answer.append(StandardCharsets.US_ASCII.decode(data));
        int nl = answer.indexOf("\n");
        if (nl >= 0) {
            endNanos = System.nanoTime();
            response.complete(answer.substring(0, nl));
            c.close();
        }
    }

    @Override
    public void onClosed(Connection c, Throwable cause) {
        closed.complete(cause);
        response.completeExceptionally(cause != null ? cause
                : new IllegalStateException("closed without an answer; had " + answer));
    }
}
