package dev.loopwork.tls.loopback;

import dev.loopwork.Connection;
import dev.loopwork.ConnectionHandler;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Takes an upload {@code step} bytes at a time: after each step it pauses reading, leaving the rest
 * of what it was offered in place, and resumes from a loop timer. Whatever TLS decrypted meanwhile
 * is pending input that no socket readiness will announce again: the core must deliver it anyway.
 * It answers with the SHA-256 of what it took once it has {@code expected} bytes, or, with
 * {@code expected} 0, at the end of the upload (the client's close_notify: a TLS 1.3 half close).
 */
final class PausingUploadServer implements ConnectionHandler {

    private final int step;
    private final long expected;
    private boolean answered;
    private final Sha256 taken = new Sha256();
    private long nextPause;
    volatile int pauses;
    final CompletableFuture<String> digest = new CompletableFuture<>();
    final CompletableFuture<Throwable> closed = new CompletableFuture<>();

    PausingUploadServer(int step, long expected) {
        this.step = step;
        this.expected = expected;
        this.nextPause = step;
    }

    @Override
    public void onData(Connection c, ByteBuffer data) {
        int take = (int) Math.min(data.remaining(), nextPause - taken.bytes());
        ByteBuffer slice = data.slice();
        slice.limit(take);
        taken.update(slice);
        data.position(data.position() + take);
        if (expected > 0 && taken.bytes() == expected) {
            answer(c);
        }
        if (taken.bytes() == nextPause) {
            nextPause += step;
            pauses++;
            c.pauseReading();
            c.loop().schedule(c::resumeReading, 1, TimeUnit.MILLISECONDS);
        }
    }

    private void answer(Connection c) {
        answered = true;
        String hex = taken.hex();
        digest.complete(hex);
        c.write(ByteBuffer.wrap((hex + '\n').getBytes(StandardCharsets.US_ASCII)));
    }

    @Override
    public void onInputShutdown(Connection c) {
        if (!answered) {
            answer(c);
        }
        c.close();
    }

    @Override
    public void onClosed(Connection c, Throwable cause) {
        closed.complete(cause);
        digest.completeExceptionally(cause != null ? cause : new IllegalStateException("closed before the end"));
    }

    long taken() {
        return taken.bytes();
    }
}
