package dev.loopwork.internal;

import dev.loopwork.ClosedException;
import dev.loopwork.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The write queue on its own: ownership, the seal, writability, empty buffers. */
class OutboundTest {

    private final RealBufferPool pool = new RealBufferPool(true);

    private final TestSocket socket = new TestSocket();
    private final Outbound out = new Outbound(socket, new Stage[0], pool, 1024, 4096);

    @AfterEach
    void noBufferLeft() {
        out.releaseAll("test over");
        assertEquals(0, pool.outstanding(), "pooled buffers still out: " + pool.leakReport());
    }

    @Test
    void writeCopiesAndConsumesSoTheCallerMayReuseTheBuffer() throws Exception {
        ByteBuffer b = ByteBuffer.wrap("hello".getBytes());
        out.enqueue(new ByteBuffer[] {b});
        assertFalse(b.hasRemaining(), "write consumes the buffer (position moved to limit)");
        b.clear();
        b.put("XXXXX".getBytes()); // reused by its owner before the flush: must not change what is sent
        out.flush();
        assertArrayEquals("hello".getBytes(), socket.taken.toByteArray());
    }

    @Test
    void emptyBuffersAnywhereNeverBlockTheQueue() throws Exception {
        out.enqueue(new ByteBuffer[] {ByteBuffer.allocate(0), ByteBuffer.wrap(new byte[] {1}), ByteBuffer.allocate(0)});
        out.enqueue(new ByteBuffer[] {ByteBuffer.allocate(0)});
        out.enqueue(new ByteBuffer[] {ByteBuffer.wrap(new byte[] {2, 3})});
        assertTrue(out.flush());
        assertArrayEquals(new byte[] {1, 2, 3}, socket.taken.toByteArray());
        assertEquals(0, out.pendingBytes());
        assertFalse(out.blockedOnSocket());
    }

    @Test
    void smallWritesShareAChunk() {
        for (int i = 0; i < 1000; i++) {
            out.enqueue(new ByteBuffer[] {ByteBuffer.wrap(new byte[] {(byte) i})});
        }
        assertEquals(1, pool.outstanding(), "1,000 one-byte writes take one pooled chunk");
    }

    @Test
    void aWriteAfterTheSealThrowsAndNothingIsQueued() {
        out.enqueue(new ByteBuffer[] {ByteBuffer.wrap(new byte[10])});
        out.seal("connection 7 cannot be written: output was closed");
        ClosedException e = assertThrows(ClosedException.class,
                () -> out.enqueue(new ByteBuffer[] {ByteBuffer.wrap(new byte[10])}));
        assertTrue(e.getMessage().contains("output was closed"), e.getMessage());
        assertEquals(10, out.pendingBytes(), "bytes queued before the seal stay queued; none after");
    }

    @Test
    void unsentBytesAreCountedWhenReleased() {
        socket.budget = 0;
        out.enqueue(new ByteBuffer[] {ByteBuffer.wrap(new byte[5000])});
        assertEquals(5000, out.unsentBytes());
    }

    /**
     * The writer sets the mark, the loop clears it: with both racing, {@code isWritable()} must never
     * answer true while more than the high watermark is queued, as the writer sees it right after its
     * own write.
     */
    @Test
    void isWritableNeverReadsTrueAboveTheHighWatermark() throws Exception {
        socket.budget = 7000;
        socket.keep = false;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> loopFailure = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread loop = new Thread(() -> {
            started.countDown();
            try {
                while (!stop.get()) {
                    out.flush();
                    out.takeWritableEvent();
                }
            } catch (Throwable t) {
                loopFailure.set(t);
            }
        }, "outbound-test-loop");
        loop.start();
        try {
            assertTrue(started.await(10, TimeUnit.SECONDS));
            int violations = 0;
            for (int i = 0; i < 50_000; i++) {
                out.enqueue(new ByteBuffer[] {ByteBuffer.wrap(new byte[5000])});
                long pending = out.pendingBytes();
                boolean writable = out.isWritable();
                // pending can only have dropped between the two reads; if it still is above high, a
                // true answer is a broken flag.
                if (writable && out.pendingBytes() > 4096 && pending > 4096) {
                    violations++;
                }
            }
            assertEquals(0, violations, "isWritable() answered true above the high watermark");
        } finally {
            stop.set(true);
            loop.join(10_000);
        }
        assertNull(loopFailure.get());
    }
}
