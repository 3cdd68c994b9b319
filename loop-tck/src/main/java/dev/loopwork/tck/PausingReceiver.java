package dev.loopwork.tck;

import dev.loopwork.Connection;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A server handler that takes data in steps of {@link #STEP} bytes: after each step it pauses
 * reading, leaving whatever else was offered in the buffer (the connection keeps it), and resumes
 * later, alternately from a timer of its loop and from another thread. At given stream offsets it
 * writes an 8-byte acknowledgement (the offset), which is what lets the peer stop sending and so
 * leave the buffered bytes without any socket readiness behind them.
 *
 * <h2>Checked</h2>
 * No data may arrive between its {@code pauseReading()} and the {@code resumeReading()} it asked
 * for ({@link #deliveredWhilePaused}). {@link #pausesWithPendingBytes} counts the pauses at which
 * bytes really were left behind, so the case can prove it tested what it meant to.
 */
final class PausingReceiver extends TckHandler {

    /** Bytes taken between two pauses. */
    static final int STEP = 64 * 1024;

    /** Bytes received and digest, once the peer's FIN arrived. */
    record Result(long bytes, byte[] digest) {
    }

    final CompletableFuture<Result> result = new CompletableFuture<>();
    private final long[] ackAt;
    private final Executor otherThread;
    /** Of the resumes meant for a loop timer, every n-th uses one, the others a loop task ({@link TckContext#timerStride}). */
    private final int timerEvery;
    private final MessageDigest digest = Digests.sha256();
    private long consumed;
    private long nextPause = STEP;
    private int nextAck;
    private volatile boolean resumeRequested = true;
    volatile int pauses;
    volatile int pausesWithPendingBytes;
    volatile int deliveredWhilePaused;

    /**
     * @param ackAt       increasing stream offsets at which to send an acknowledgement
     * @param otherThread where every other resume is issued from
     */
    PausingReceiver(Violations violations, long[] ackAt, Executor otherThread, int timerEvery) {
        super(violations);
        this.ackAt = ackAt;
        this.otherThread = otherThread;
        this.timerEvery = timerEvery;
    }

    @Override
    void data(Connection c, ByteBuffer data) {
        if (!resumeRequested) {
            deliveredWhilePaused++;
        }
        while (data.hasRemaining()) {
            long limit = nextPause;
            if (nextAck < ackAt.length) {
                limit = Math.min(limit, ackAt[nextAck]);
            }
            int n = (int) Math.min(data.remaining(), limit - consumed);
            digest.update(data.slice(data.position(), n));
            data.position(data.position() + n);
            consumed += n;
            if (nextAck < ackAt.length && consumed == ackAt[nextAck]) {
                nextAck++;
                c.write(ByteBuffer.allocate(8).putLong(0, consumed));
            }
            if (consumed == nextPause) {
                nextPause += STEP;
                pause(c, data.remaining());
                return; // leave the rest where it is: the connection must keep it for us
            }
        }
    }

    private void pause(Connection c, int leftBehind) {
        int p = ++pauses;
        if (leftBehind > 0) {
            pausesWithPendingBytes++;
        }
        resumeRequested = false;
        c.pauseReading();
        Runnable resume = () -> {
            resumeRequested = true;
            c.resumeReading();
        };
        if (p % 2 == 0 && (p / 2) % timerEvery != 0) {
            c.loop().execute(resume);
        } else if (p % 2 == 0) {
            c.loop().schedule(resume, p % 4 == 0 ? 0 : 1, TimeUnit.MILLISECONDS);
        } else {
            otherThread.execute(resume);
        }
    }

    @Override
    void inputShutdown(Connection c) {
        result.complete(new Result(consumed, digest.digest()));
        c.close();
    }

    @Override
    void closedHook(Connection c, Throwable cause) {
        if (!result.isDone()) {
            result.completeExceptionally(new AssertionError("closed before the peer's FIN, after " + consumed
                    + " bytes and " + pauses + " pauses", cause));
        }
    }

    @Override
    public String toString() {
        return super.toString() + "{consumed=" + consumed + ", pauses=" + pauses + ", withPendingBytes="
                + pausesWithPendingBytes + ", acks=" + nextAck + '/' + ackAt.length + ", deliveredWhilePaused="
                + deliveredWhilePaused + ", resumeRequested=" + resumeRequested + '}';
    }
}
