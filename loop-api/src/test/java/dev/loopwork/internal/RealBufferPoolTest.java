package dev.loopwork.internal;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RealBufferPoolTest {

    @Test
    void sizesRoundUpToPowersOfTwoFromFourKiB() {
        assertEquals(0, RealBufferPool.bucketIndex(0));
        assertEquals(0, RealBufferPool.bucketIndex(4096));
        assertEquals(1, RealBufferPool.bucketIndex(4097));
        assertEquals(4, RealBufferPool.bucketIndex(64 * 1024));
        RealBufferPool pool = new RealBufferPool(true);
        ByteBuffer b = pool.acquire(17_000);
        assertEquals(32 * 1024, b.capacity());
        assertTrue(b.isDirect());
        assertEquals(0, b.position());
        assertEquals(b.capacity(), b.limit());
        pool.release(b);
    }

    @Test
    void reusesReleasedBuffersAndCountsOutstanding() {
        RealBufferPool pool = new RealBufferPool(false);
        ByteBuffer a = pool.acquire(1000);
        assertEquals(1, pool.outstanding());
        a.put((byte) 1);
        pool.release(a);
        assertEquals(0, pool.outstanding());
        ByteBuffer b = pool.acquire(10);
        assertSame(a, b, "the idle buffer of the same class is reused");
        assertEquals(0, b.position(), "reused buffers come back cleared");
        pool.release(b);
    }

    @Test
    void largeRequestsAreExactAndNotKept() {
        RealBufferPool pool = new RealBufferPool(true);
        ByteBuffer big = pool.acquire(5 * 1024 * 1024);
        assertEquals(5 * 1024 * 1024, big.capacity());
        pool.release(big);
        assertEquals(0, pool.outstanding());
    }

    @Test
    void trackingRefusesDoubleAndForeignReleasesAndReportsLeaks() {
        RealBufferPool pool = new RealBufferPool(true);
        ByteBuffer a = pool.acquire(100);
        String report = pool.leakReport();
        assertTrue(report.contains("1 outstanding") && report.contains("RealBufferPoolTest"), report);
        pool.release(a);
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> pool.release(a));
        assertTrue(twice.getMessage().contains("released twice"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> pool.release(ByteBuffer.allocateDirect(4096)));
        assertThrows(IllegalArgumentException.class, () -> pool.release(null));
        assertThrows(IllegalArgumentException.class, () -> pool.acquire(-1));
        assertEquals("no outstanding buffers", pool.leakReport());
    }
}
