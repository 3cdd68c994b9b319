package dev.loopwork.internal;

import dev.loopwork.BufferPool;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Direct buffers in power-of-two size classes from 4 KiB to 4 MiB, each class a lock-free queue
 * with a bounded number of idle buffers; larger requests are allocated exactly and not kept.
 *
 * <p>With tracking on ({@code loopwork.buffers.tracking=true}) every outstanding buffer is
 * remembered by identity with the stack that acquired it: a double release or a foreign buffer
 * is refused, and {@link #leakReport()} names the leaks. Without it only the count is kept.
 */
public final class RealBufferPool implements BufferPool {

    static final int MIN_SHIFT = 12;               // 4 KiB
    static final int MAX_SHIFT = 22;               // 4 MiB
    private static final int MAX_IDLE_BYTES_PER_CLASS = 8 * 1024 * 1024;

    private final Bucket[] buckets = new Bucket[MAX_SHIFT - MIN_SHIFT + 1];
    private final AtomicLong outstanding = new AtomicLong();
    private final Map<Identity, Throwable> tracked;

    public RealBufferPool(boolean tracking) {
        for (int i = 0; i < buckets.length; i++) {
            int size = 1 << (MIN_SHIFT + i);
            buckets[i] = new Bucket(size, Math.max(2, MAX_IDLE_BYTES_PER_CLASS / size));
        }
        this.tracked = tracking ? new ConcurrentHashMap<>() : null;
    }

    /** A pool with tracking as the {@code loopwork.buffers.tracking} system property says. */
    public static RealBufferPool fromSystemProperties() {
        return new RealBufferPool(Boolean.getBoolean("loopwork.buffers.tracking"));
    }

    @Override
    public ByteBuffer acquire(int minCapacity) {
        if (minCapacity < 0) {
            throw new IllegalArgumentException("minCapacity must be >= 0, was " + minCapacity);
        }
        int index = bucketIndex(minCapacity);
        ByteBuffer buffer = null;
        if (index < buckets.length) {
            buffer = buckets[index].poll();
        }
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(index < buckets.length ? buckets[index].size : minCapacity);
        }
        buffer.clear();
        outstanding.incrementAndGet();
        if (tracked != null) {
            tracked.put(new Identity(buffer), new Throwable("acquired " + buffer.capacity() + " bytes here"));
        }
        return buffer;
    }

    @Override
    public void release(ByteBuffer buffer) {
        if (buffer == null) {
            throw new IllegalArgumentException("release(null)");
        }
        if (tracked != null && tracked.remove(new Identity(buffer)) == null) {
            throw new IllegalArgumentException("buffer " + buffer + " released twice or not from this pool");
        }
        outstanding.decrementAndGet();
        int capacity = buffer.capacity();
        if (buffer.isDirect() && Integer.bitCount(capacity) == 1) {
            int index = Integer.numberOfTrailingZeros(capacity) - MIN_SHIFT;
            if (index >= 0 && index < buckets.length) {
                buckets[index].offer(buffer);
            }
        }
    }

    @Override
    public long outstanding() {
        return outstanding.get();
    }

    @Override
    public String leakReport() {
        long count = outstanding.get();
        if (count == 0) {
            return "no outstanding buffers";
        }
        StringBuilder sb = new StringBuilder(count + " outstanding buffer(s)");
        if (tracked == null) {
            return sb.append(" (set -Dloopwork.buffers.tracking=true to see where they were acquired)").toString();
        }
        for (Throwable where : tracked.values()) {
            sb.append("\n  ").append(where.getMessage());
            for (StackTraceElement e : where.getStackTrace()) {
                sb.append("\n    at ").append(e);
            }
        }
        return sb.toString();
    }

    static int bucketIndex(int minCapacity) {
        if (minCapacity <= 1 << MIN_SHIFT) {
            return 0;
        }
        int shift = 32 - Integer.numberOfLeadingZeros(minCapacity - 1);
        return shift - MIN_SHIFT;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("RealBufferPool{outstanding=").append(outstanding.get());
        sb.append(", tracking=").append(tracked != null).append(", idle=[");
        for (Bucket b : buckets) {
            if (b.idle.get() > 0) {
                sb.append(b.size / 1024).append("KiB:").append(b.idle.get()).append(' ');
            }
        }
        return sb.append("]}").toString();
    }

    /** Idle buffers of one size. */
    private static final class Bucket {
        final int size;
        final int maxIdle;
        final ConcurrentLinkedQueue<ByteBuffer> queue = new ConcurrentLinkedQueue<>();
        final AtomicInteger idle = new AtomicInteger();

        Bucket(int size, int maxIdle) {
            this.size = size;
            this.maxIdle = maxIdle;
        }

        ByteBuffer poll() {
            ByteBuffer b = queue.poll();
            if (b != null) {
                idle.decrementAndGet();
            }
            return b;
        }

        void offer(ByteBuffer b) {
            // Above the bound the buffer is dropped; its memory returns when it is collected.
            if (idle.incrementAndGet() <= maxIdle) {
                queue.offer(b);
            } else {
                idle.decrementAndGet();
            }
        }
    }

    /** Identity key: ByteBuffer's own equals/hashCode compare contents. */
    private static final class Identity {
        private final ByteBuffer buffer;

        Identity(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Identity && ((Identity) o).buffer == buffer;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(buffer);
        }
    }
}
