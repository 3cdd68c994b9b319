package dev.loopwork.internal;

import dev.loopwork.BufferPool;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The pooled chunks of a connection's write queue, oldest first, each in read mode (position to
 * limit is unsent). Only {@link Outbound} uses it, under its lock. An empty chunk is never handed
 * to the socket: it is skipped when a gathering write is assembled and given back once it is at
 * the head, so it can never stop the queue.
 */
final class ChunkQueue {

    private final ArrayDeque<ByteBuffer> chunks = new ArrayDeque<>();

    boolean isEmpty() {
        return chunks.isEmpty();
    }

    /** The newest chunk, to append to, or null. */
    ByteBuffer last() {
        return chunks.peekLast();
    }

    void add(ByteBuffer chunk) {
        chunks.addLast(chunk);
    }

    /** Puts up to {@code into.length} non-empty chunks into {@code into}, oldest first; returns how many. */
    int fill(ByteBuffer[] into) {
        int k = 0;
        for (ByteBuffer b : chunks) {
            if (b.hasRemaining()) {
                into[k++] = b;
                if (k == into.length) {
                    break;
                }
            }
        }
        return k;
    }

    /** Gives back the chunks at the head that have been sent completely. */
    void dropEmpty(BufferPool pool) {
        while (!chunks.isEmpty() && !chunks.peekFirst().hasRemaining()) {
            pool.release(chunks.pollFirst());
        }
    }

    void releaseAll(BufferPool pool) {
        for (ByteBuffer b; (b = chunks.pollFirst()) != null; ) {
            pool.release(b);
        }
    }

    @Override
    public String toString() {
        return "chunks=" + chunks.size();
    }
}
