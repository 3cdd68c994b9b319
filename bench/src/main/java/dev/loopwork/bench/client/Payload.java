package dev.loopwork.bench.client;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * The bytes every client sends: one large direct buffer, filled with random bytes before any
 * clock starts and sent over and over. Direct, so the kernel copies straight from it; random, so
 * nothing along the way can compress it.
 */
public final class Payload {

    public static final int SIZE = 16 << 20;

    private final ByteBuffer block;

    public Payload() {
        block = ByteBuffer.allocateDirect(SIZE);
        SplittableRandom random = new SplittableRandom(42);
        while (block.remaining() >= 8) {
            block.putLong(random.nextLong());
        }
        block.clear();
    }

    /** A view of the first {@code min(n, SIZE)} bytes, with its own position. */
    public ByteBuffer slice(long n) {
        ByteBuffer b = block.duplicate();
        b.limit((int) Math.min(n, SIZE));
        return b;
    }
}
