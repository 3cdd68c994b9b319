package dev.loopwork.internal;

import dev.loopwork.BufferPool;
import dev.loopwork.Stage;
import dev.loopwork.StageResult;
import dev.loopwork.spi.NetSocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The write side of a connection: the application's queue, the stages' encode steps, the socket.
 *
 * <h2>Threads</h2>
 * {@link #enqueue} may run on any thread: buffers go through a lock-free queue and the byte count
 * is atomic. Everything else runs on the loop thread.
 *
 * <h2>Levels</h2>
 * With {@code n} stages, stage {@code n - 1} encodes from the application's queue into
 * {@code tx[n - 1]}, stage {@code i} from {@code tx[i + 1]} into {@code tx[i]}, and {@code tx[0]} is
 * written to the socket. Without stages the queue is written with one gathering write.
 *
 * <h2>Writability</h2>
 * Crossing the high watermark marks the connection unwritable (on the writing thread); the loop
 * clears the mark once the queue is at or below the low watermark and reports it once through
 * {@link #takeWritableEvent()}.
 */
final class Outbound {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final NetSocket socket;
    private final Stage[] stages;
    private final BufferPool pool;
    private final int high;
    private final int low;
    private final ConcurrentLinkedQueue<ByteBuffer> incoming = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private final AtomicLong pending = new AtomicLong();
    private final ByteBuffer[] tx;
    private final ByteBuffer[] scratch = new ByteBuffer[64];
    private final ByteBuffer[] single = new ByteBuffer[1];
    private volatile boolean unwritable;
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
     * Ends the output: each stage is told ({@link Stage#closeOutbound()}) once everything above it
     * has gone through it, so that no queued byte is cut off by the stage's goodbye.
     */
    void close() {
        closing = true;
    }

    /** Queues {@code data} (any thread); returns whether the connection is still writable. */
    boolean enqueue(ByteBuffer[] data) {
        long added = 0;
        for (ByteBuffer b : data) {
            if (b.hasRemaining()) {
                incoming.add(b);
                added += b.remaining();
            }
        }
        if (pending.addAndGet(added) > high) {
            unwritable = true;
        }
        return !unwritable;
    }

    boolean isWritable() {
        return !unwritable;
    }

    long pendingBytes() {
        return pending.get();
    }

    /** Moves as many bytes as the socket takes. Returns whether any byte moved. */
    boolean flush() throws IOException {
        for (ByteBuffer b; (b = incoming.poll()) != null; ) {
            queue.add(b);
        }
        boolean moved = stages.length == 0 ? writeQueue() : encodeAndWrite();
        if (unwritable && pending.get() <= low) {
            unwritable = false;
            writableEvent = true;
        }
        return moved;
    }

    private boolean writeQueue() throws IOException {
        boolean moved = false;
        while (!queue.isEmpty()) {
            int k = fillScratch();
            long attempted = 0;
            for (int i = 0; i < k; i++) {
                attempted += scratch[i].remaining();
            }
            long w = k == 1 ? socket.write(scratch[0]) : socket.write(scratch, 0, k);
            Arrays.fill(scratch, 0, k, null);
            if (w <= 0) {
                break;
            }
            moved = true;
            bytesWritten += w;
            pending.addAndGet(-w);
            dropWritten();
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
        if (closing && !stageClosed[i] && !hasInput && (fromApp ? incoming.isEmpty() : stageClosed[i + 1]
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
            int k = hasInput ? fillScratch() : 0;
            long srcBefore = remaining(scratch, k);
            try {
                r = stage.encode(scratch, 0, k, dst);
                StageChecks.requireHonest(stage, "encode", r, srcBefore - remaining(scratch, k),
                        dst.position() - dstBefore);
            } finally {
                Arrays.fill(scratch, 0, k, null);
            }
            pending.addAndGet(-r.consumed());
            dropWritten();
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

    private int fillScratch() {
        int k = 0;
        for (ByteBuffer b : queue) {
            scratch[k++] = b;
            if (k == scratch.length) {
                break;
            }
        }
        return k;
    }

    private void dropWritten() {
        while (!queue.isEmpty() && !queue.peekFirst().hasRemaining()) {
            queue.pollFirst();
        }
    }

    /** Whether bytes wait for the socket to take them (so WRITE readiness is worth watching). */
    boolean blockedOnSocket() {
        if (stages.length == 0) {
            return !queue.isEmpty() || !incoming.isEmpty();
        }
        return tx[0] != null && tx[0].position() > 0;
    }

    /** Whether every queued byte has left, and every stage has been closed and said its goodbye. */
    boolean drained() {
        if (!queue.isEmpty() || !incoming.isEmpty()) {
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

    /** Drops everything queued (abort or close) and gives the buffers back. */
    void releaseAll() {
        queue.clear();
        incoming.clear();
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
                .append(pending.get()).append(unwritable ? ", unwritable" : "");
        for (int i = 0; i < tx.length; i++) {
            sb.append(", tx").append(i).append('=').append(tx[i] == null ? 0 : tx[i].position());
        }
        return sb.append('}').toString();
    }
}
