package dev.loopwork.tck;

import dev.loopwork.Connection;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The server application of the upload-stall case: it takes an upload {@value #STEP} bytes at a
 * time, pauses reading after each step (leaving the rest of what it was offered in place), and
 * resumes from a timer of its loop ({@code loop.schedule}, 0 or 1 ms). At given stream offsets it
 * writes an 8-byte acknowledgement; the peer sends nothing more until it has it. At the peer's
 * close_notify it completes {@link #result}, then closes.
 *
 * <h2>The stall scenario, recognised</h2>
 * A pause whose left-behind bytes already reach the next acknowledgement point holds the end of the
 * peer's batch above the socket: the peer has sent all of it and now waits, so no socket readiness
 * will come until the handler has consumed it. Only the pending-input path can deliver after the
 * resume. {@link Result#pausesAtBatchEnd()} counts these, so the case can prove it made the
 * scenario happen.
 *
 * <h2>Measured</h2>
 * For every resume that had bytes left pending, the time from {@code resumeReading()} to the next
 * {@code onData}: {@link Result#longestStallNanos()}. A loop that neither delivers the promised
 * fake READ nor lets the core's fallback run waits there for a socket readiness that never comes
 * (the libwebsockets bug), and only its poll timeout ends the wait.
 *
 * <h2>Checked</h2>
 * No data between a pause and its resume ({@link #deliveredWhilePaused}).
 */
final class TlsUploadReceiver extends TckHandler {

    /** Bytes taken between two pauses: one full TLS record. */
    static final int STEP = 16 * 1024;

    /**
     * @param bytes                  bytes delivered before the peer's close_notify
     * @param digest                 their SHA-256
     * @param pauses                 pauses made
     * @param pausesWithPendingBytes pauses that left bytes behind, to be delivered after the resume
     * @param pausesAtBatchEnd       of those, pauses whose bytes left behind reached the end of the
     *                               peer's batch (nothing more could arrive on the socket)
     * @param longestStallNanos      longest wait from a resume with bytes pending to their delivery
     */
    record Result(long bytes, byte[] digest, int pauses, int pausesWithPendingBytes, int pausesAtBatchEnd,
                  long longestStallNanos) {
    }

    final CompletableFuture<Result> result = new CompletableFuture<>();
    private final long[] ackAt;
    /** Every n-th resume comes from a loop timer, the others from a task (see {@link TckContext#timerStride}). */
    private final int timerEvery;
    private final MessageDigest digest = Digests.sha256();
    private long consumed;
    private long nextPause = STEP;
    private int nextAck;
    private boolean paused;
    /** When the pending resume with bytes left behind was made; 0 when none is outstanding. */
    private long resumedWithPendingAt;
    private volatile long longestStallNanos;
    private volatile int pauses;
    private volatile int pausesWithPendingBytes;
    private volatile int pausesAtBatchEnd;
    volatile int deliveredWhilePaused;

    /**
     * @param ackAt      increasing stream offsets at which to write an acknowledgement (the offset)
     * @param timerEvery resume from a loop timer every n-th pause, from a loop task otherwise (1: always
     *                   a timer), so that a loop with coarse timers is not slowed beyond reason
     */
    TlsUploadReceiver(Violations violations, long[] ackAt, int timerEvery) {
        super(violations);
        this.ackAt = ackAt;
        this.timerEvery = timerEvery;
    }

    @Override
    void data(Connection c, ByteBuffer data) {
        if (paused) {
            deliveredWhilePaused++;
        }
        if (resumedWithPendingAt != 0) {
            longestStallNanos = Math.max(longestStallNanos, System.nanoTime() - resumedWithPendingAt);
            resumedWithPendingAt = 0;
        }
        while (data.hasRemaining()) {
            long limit = nextAck < ackAt.length ? Math.min(nextPause, ackAt[nextAck]) : nextPause;
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
                return; // the rest stays in the connection's buffer: pending input
            }
        }
    }

    private void pause(Connection c, int leftBehind) {
        int p = ++pauses;
        if (leftBehind > 0) {
            pausesWithPendingBytes++;
            if (nextAck < ackAt.length && consumed + leftBehind >= ackAt[nextAck]) {
                pausesAtBatchEnd++;
            }
        }
        paused = true;
        c.pauseReading();
        Runnable resume = () -> {
            paused = false;
            if (leftBehind > 0) {
                resumedWithPendingAt = System.nanoTime();
            }
            c.resumeReading();
        };
        if (p % timerEvery == 0) {
            c.loop().schedule(resume, (p / timerEvery) % 2, TimeUnit.MILLISECONDS);
        } else {
            c.loop().execute(resume);
        }
    }

    @Override
    void inputShutdown(Connection c) {
        result.complete(new Result(consumed, digest.digest(), pauses, pausesWithPendingBytes, pausesAtBatchEnd,
                longestStallNanos));
        c.close();
    }

    @Override
    void closedHook(Connection c, Throwable cause) {
        if (!result.isDone()) {
            result.completeExceptionally(new AssertionError("closed before the client's close_notify, after "
                    + consumed + " bytes and " + pauses + " pauses", cause));
        }
    }

    @Override
    public String toString() {
        return super.toString() + "{consumed=" + consumed + ", pauses=" + pauses + ", withPendingBytes="
                + pausesWithPendingBytes + ", atBatchEnd=" + pausesAtBatchEnd + ", acks=" + nextAck + '/' + ackAt.length + ", deliveredWhilePaused="
                + deliveredWhilePaused + ", paused=" + paused + ", longestStall="
                + TimeUnit.NANOSECONDS.toMillis(longestStallNanos) + " ms}";
    }
}
