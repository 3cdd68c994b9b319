package dev.loopwork;

import java.nio.ByteBuffer;

/**
 * A pool of direct buffers shared by the connections of a group. Thread-safe.
 *
 * <h2>Ownership</h2>
 * A buffer from {@link #acquire} belongs to the caller until it is passed to {@link #release},
 * exactly once. Releasing a buffer twice, or one that did not come from this pool, throws
 * {@link IllegalArgumentException}: those bugs corrupt other connections' data if let through.
 *
 * <h2>Leak tracking</h2>
 * {@link #outstanding()} counts buffers acquired and not yet released; tests assert it returns to
 * zero. With the system property {@code loopwork.buffers.tracking=true} the pool also remembers
 * where each outstanding buffer was acquired, and {@link #leakReport()} prints it.
 */
public interface BufferPool {

    /** A cleared buffer (position 0, limit = capacity) of at least {@code minCapacity} bytes. */
    ByteBuffer acquire(int minCapacity);

    /** Gives {@code buffer} back. */
    void release(ByteBuffer buffer);

    /** Buffers acquired and not yet released. */
    long outstanding();

    /** Where each outstanding buffer was acquired (stack traces when tracking is on). */
    String leakReport();
}
