package dev.loopwork.http;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The buffers of a {@link FileUploadHandler}'s files, kept between writes. An upload whose disk
 * keeps up with the network (the common case: each write ends before the next chunk arrives) has
 * nothing left to fill when its write ends; without a place to keep the buffer, it would drop it
 * and allocate a new one for the next chunk, a buffer per chunk: about as many bytes of garbage as
 * bytes stored. Kept here instead of in the file, so that an idle upload still holds no buffer.
 *
 * <h2>Sizes</h2>
 * Buffers come in classes of {@value #CLASS} bytes, up to {@value UploadFile#BUFFER}: a buffer
 * asked for {@code n} bytes has {@code n} rounded up to the class, so it is never larger than a
 * chunk of the largest size in that class, and a file's memory bound (two buffers sized to its
 * chunks) holds for chunk sizes that are multiples of {@value #CLASS}, as read buffers are.
 *
 * <h2>Bound</h2>
 * At most {@code maxKeptBytes} are kept; a buffer given back beyond that is left to the garbage
 * collector. Any thread: the loop takes, the disk executor gives back.
 */
final class BufferRecycler {

    /** The size classes' step. */
    static final int CLASS = 4 * 1024;

    private final long maxKeptBytes;
    private final ArrayDeque<ByteBuffer>[] kept;
    private long keptBytes;
    private long allocated;
    private long reused;

    @SuppressWarnings("unchecked")
    BufferRecycler(long maxKeptBytes) {
        if (maxKeptBytes < 0) {
            throw new IllegalArgumentException("maxKeptBytes must not be negative: " + maxKeptBytes);
        }
        this.maxKeptBytes = maxKeptBytes;
        this.kept = new ArrayDeque[UploadFile.BUFFER / CLASS];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = new ArrayDeque<>();
        }
    }

    /** The capacity of the buffer {@link #take} gives for {@code want} bytes. */
    static int classSize(int want) {
        if (want <= 0 || want > UploadFile.BUFFER) {
            throw new IllegalArgumentException("a buffer of 1 to " + UploadFile.BUFFER + " bytes, not " + want);
        }
        return (want + CLASS - 1) / CLASS * CLASS;
    }

    /** An empty heap buffer of {@link #classSize}{@code (want)} bytes, kept or new. */
    synchronized ByteBuffer take(int want) {
        int size = classSize(want);
        ByteBuffer b = kept[size / CLASS - 1].pollLast(); // the most recently used: warm in the cache
        if (b != null) {
            keptBytes -= size;
            reused++;
            return b;
        }
        allocated++;
        return ByteBuffer.allocate(size);
    }

    /**
     * Keeps {@code b} for a later {@link #take}, if there is room. The caller lets go of it: it
     * must not touch it again.
     */
    synchronized void give(ByteBuffer b) {
        int size = b.capacity();
        if (size % CLASS != 0 || size > UploadFile.BUFFER || keptBytes + size > maxKeptBytes) {
            return;
        }
        b.clear();
        kept[size / CLASS - 1].addLast(b);
        keptBytes += size;
    }

    /** Buffers allocated by {@link #take} so far. */
    synchronized long allocated() {
        return allocated;
    }

    synchronized long keptBytes() {
        return keptBytes;
    }

    @Override
    public synchronized String toString() {
        return "BufferRecycler{kept " + keptBytes + " of " + maxKeptBytes + " bytes, " + allocated + " allocated, "
                + reused + " reused}";
    }
}
