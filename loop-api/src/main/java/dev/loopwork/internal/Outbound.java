package dev.loopwork.internal;

import dev.loopwork.BufferPool;
import dev.loopwork.ClosedException;
import dev.loopwork.Stage;
import dev.loopwork.StageResult;
import dev.loopwork.spi.NetSocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The write side of a connection: the application's queue, the stages' encode steps, the socket.
 *
 * <h2>Ownership</h2>
 * {@link #enqueue} copies the caller's bytes into the connection's own pooled chunks and consumes
 * the caller's buffers (position moved to limit). The caller may reuse or change a buffer the
 * moment the write returns, including the buffer the core delivered to {@code onData}: a queued
 * view of a buffer that is reused later would send whatever the buffer holds by then. Small
 * writes share a chunk, so a thousand 10-byte writes cost one chunk, not a thousand.
 *
 * <h2>Threads</h2>
 * {@link #enqueue} may run on any thread, everything else on the loop thread. The queue, the byte
 * count, the writability flag and the seal change together under one lock, so that no write slips
 * between a check and the change it depends on: a write is either queued before the seal (and then
 * flushed by a graceful close, or counted as unsent by a reset) or refused after it.
 *
 * <h2>Writability</h2>
 * Crossing the high watermark sets {@code unwritable}; the loop clears it once the count is at or
 * below the low watermark and reports that once through {@link #takeWritableEvent()}. Both
 * transitions happen under the lock, and {@link #isWritable()} also reads the count, so it never
 * answers true above the high watermark, not even while another thread is in the middle of a write.
 *
 * <h2>Levels</h2>
 * With {@code n} stages, stage {@code n - 1} encodes from the application's queue into
 * {@code tx[n - 1]}, stage {@code i} from {@code tx[i + 1]} into {@code tx[i]}, and {@code tx[0]} is
 * written to the socket. Without stages the queue is written with one gathering write.
 */
final class Outbound {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** A new chunk for small writes; small writes fill it up before another is taken. */
    private static final int SMALL_CHUNK = 16 * 1024;
    /** The largest chunk one write is copied into; larger writes take several. */
    private static final int LARGE_CHUNK = 64 * 1024;

    private final NetSocket socket;
    private final Stage[] stages;
    private final BufferPool pool;
    private final int high;
    private final int low;
    private final Object lock = new Object();
    /** Chunks in read mode (position to limit is unsent); guarded by {@link #lock}. */
    private final ChunkQueue queue = new ChunkQueue();
    private volatile long pending;
    private volatile boolean unwritable;
    /** Why writes are refused from now on, or null; guarded by {@link #lock}. */
    private String sealedBecause;
    private final ByteBuffer[] tx;
    private final ByteBuffer[] scratch = new ByteBuffer[64];
    private final ByteBuffer[] single = new ByteBuffer[1];
    private boolean writableEvent;
    private boolean closing;
    private final boolean[] stageClosed;
    private boolean stageEncoded;
    private long bytesWritten;

    Outbound(NetSocket socket, Stage[] stages, BufferPool pool, int low, int high) {
        this.socket = socket;
        this.stages = stages;
        this.pool = pool;
        this.low = low;
        this.high = high;
        this.tx = new ByteBuffer[stages.length];
        this.stageClosed = new boolean[stages.length];
    }

    /**
     * Copies and consumes {@code data} (any thread); returns whether the connection is still
     * writable.
     *
     * @throws ClosedException if the output was sealed ({@link #seal}) before this write
     */
    boolean enqueue(ByteBuffer[] data) {
        synchronized (lock) {
            if (sealedBecause != null) {
                throw new ClosedException(sealedBecause);
            }
            long added = 0;
            for (ByteBuffer b : data) {
                added += copy(b);
            }
            pending += added;
            if (pending > high) {
                unwritable = true;
            }
            return !unwritable;
        }
    }

    private int copy(ByteBuffer src) {
        int n = src.remaining();
        int left = n;
        while (left > 0) {
            ByteBuffer tail = queue.last();
            if (tail == null || tail.capacity() == tail.limit()) {
                tail = pool.acquire(Math.min(Math.max(left, SMALL_CHUNK), LARGE_CHUNK));
                tail.limit(0);
                queue.add(tail);
            }
            int at = tail.limit();
            int k = Math.min(left, tail.capacity() - at);
            tail.limit(at + k);
            tail.put(at, src, src.position(), k);
            src.position(src.position() + k);
            left -= k;
        }
        return n;
    }

    /**
     * Refuses every later write with {@link ClosedException} naming {@code reason}. Bytes already
     * queued stay queued (a graceful close flushes them). Idempotent: the first reason stays.
     */
    void seal(String reason) {
        synchronized (lock) {
            if (sealedBecause == null) {
                sealedBecause = reason;
            }
        }
    }

    /**
     * Ends the output: each stage is told ({@link Stage#closeOutbound()}) once everything above it
     * has gone through it, so that no queued byte is cut off by the stage's goodbye.
     */
    void close() {
        closing = true;
    }

    /** Whether the connection is below the high watermark (see the class comment: never true above it). */
    boolean isWritable() {
        return !unwritable && pending <= high;
    }

    long pendingBytes() {
        return pending;
    }

    /** Bytes that would be lost by a reset now: the application's queue and what stages encoded but did not send. */
    long unsentBytes() {
        long n = pending;
        for (ByteBuffer b : tx) {
            n += b == null ? 0 : b.position();
        }
        return n;
    }

    /** Moves as many bytes as the socket takes. Returns whether any byte moved. */
    boolean flush() throws IOException {
        boolean moved;
        synchronized (lock) {
            moved = stages.length == 0 ? writeQueue() : encodeAndWrite();
            if (unwritable && pending <= low) {
                unwritable = false;
                writableEvent = true;
            }
        }
        return moved;
    }

    private boolean writeQueue() throws IOException {
        boolean moved = false;
        while (!queue.isEmpty()) {
            int k = queue.fill(scratch);
            long attempted = remaining(scratch, k);
            long w;
            try {
                w = k == 1 ? socket.write(scratch[0]) : socket.write(scratch, 0, k);
            } finally {
                Arrays.fill(scratch, 0, k, null);
            }
            if (w > 0) {
                moved = true;
                bytesWritten += w;
                pending -= w;
                queue.dropEmpty(pool);
            }
            if (w < attempted) {
                break; // the socket's send buffer is full
            }
        }
        return moved;
    }

    private boolean encodeAndWrite() throws IOException {
        boolean any = false;
        boolean moved;
        do {
            moved = false;
            for (int i = stages.length - 1; i >= 0; i--) {
                moved |= encode(i);
            }
            ByteBuffer out = tx[0];
            if (out != null && out.position() > 0) {
                out.flip();
                int w;
                try {
                    w = socket.write(out);
                } finally {
                    out.compact();
                }
                if (w > 0) {
                    bytesWritten += w;
                    moved = true;
                }
            }
            any |= moved;
        } while (moved);
        return any;
    }

    private boolean encode(int i) throws IOException {
        Stage stage = stages[i];
        boolean fromApp = i == stages.length - 1;
        ByteBuffer src = fromApp ? null : tx[i + 1];
        boolean hasInput = fromApp ? !queue.isEmpty() : src != null && src.position() > 0;
        if (closing && !stageClosed[i] && !hasInput && (fromApp || stageClosed[i + 1]
                && !stages[i + 1].needsEncode() && stages[i + 1].isOutboundDone())) {
            stageClosed[i] = true;
            stage.closeOutbound();
        }
        if (!hasInput && !stage.needsEncode()) {
            return false;
        }
        ByteBuffer dst = buffer(i, stage.encodeCapacity());
        if (dst.remaining() < stage.encodeCapacity()) {
            return false;
        }
        int dstBefore = dst.position();
        StageResult r;
        if (fromApp) {
            int k = hasInput ? queue.fill(scratch) : 0;
            long srcBefore = remaining(scratch, k);
            try {
                r = stage.encode(scratch, 0, k, dst);
                StageChecks.requireHonest(stage, "encode", r, srcBefore - remaining(scratch, k),
                        dst.position() - dstBefore);
            } finally {
                Arrays.fill(scratch, 0, k, null);
            }
            pending -= r.consumed();
            queue.dropEmpty(pool);
        } else {
            if (src == null) {
                single[0] = EMPTY;
                r = stage.encode(single, 0, 0, dst);
                StageChecks.requireHonest(stage, "encode", r, 0, dst.position() - dstBefore);
            } else {
                src.flip();
                single[0] = src;
                int srcBefore = src.remaining();
                try {
                    r = stage.encode(single, 0, 1, dst);
                    StageChecks.requireHonest(stage, "encode", r, srcBefore - src.remaining(),
                            dst.position() - dstBefore);
                } finally {
                    src.compact();
                }
            }
            single[0] = null;
        }
        if (r.progressed()) {
            stageEncoded = true;
        }
        return r.progressed();
    }

    /** Whether a stage encoded anything since the last call; clears the flag. */
    boolean takeStageEncoded() {
        boolean e = stageEncoded;
        stageEncoded = false;
        return e;
    }

    private static long remaining(ByteBuffer[] buffers, int count) {
        long n = 0;
        for (int i = 0; i < count; i++) {
            n += buffers[i].remaining();
        }
        return n;
    }

    /** Whether bytes wait for the socket to take them (so WRITE readiness is worth watching). */
    boolean blockedOnSocket() {
        if (stages.length == 0) {
            return pending > 0;
        }
        return tx[0] != null && tx[0].position() > 0;
    }

    /** Whether every queued byte has left, and every stage has been closed and said its goodbye. */
    boolean drained() {
        if (pending > 0) {
            return false;
        }
        for (int i = 0; i < stages.length; i++) {
            if ((tx[i] != null && tx[i].position() > 0) || !stageClosed[i] || stages[i].needsEncode()
                    || !stages[i].isOutboundDone()) {
                return false;
            }
        }
        return true;
    }

    /** Whether the loop owes the handler an {@code onWritable}; clears the flag. */
    boolean takeWritableEvent() {
        boolean e = writableEvent;
        writableEvent = false;
        return e;
    }

    void trim() {
        for (int i = 0; i < tx.length; i++) {
            if (tx[i] != null && tx[i].position() == 0) {
                pool.release(tx[i]);
                tx[i] = null;
            }
        }
    }

    /** Seals the output and gives every buffer back; what was queued is dropped. */
    void releaseAll(String reason) {
        synchronized (lock) {
            if (sealedBecause == null) {
                sealedBecause = reason;
            }
            queue.releaseAll(pool);
            pending = 0;
        }
        for (int i = 0; i < tx.length; i++) {
            if (tx[i] != null) {
                pool.release(tx[i]);
                tx[i] = null;
            }
        }
    }

    private ByteBuffer buffer(int level, int size) {
        ByteBuffer b = tx[level];
        if (b == null) {
            b = pool.acquire(Math.max(size, 16 * 1024));
            tx[level] = b;
        }
        return b;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("out{written=").append(bytesWritten).append(", pending=")
                .append(pending).append(unwritable ? ", unwritable" : "");
        if (closing) {
            sb.append(", closing");
        }
        for (int i = 0; i < tx.length; i++) {
            sb.append(", tx").append(i).append('=').append(tx[i] == null ? 0 : tx[i].position());
        }
        return sb.append('}').toString();
    }
}
