package dev.loopwork.tck;

import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * A deterministic stream of pseudo-random bytes of a given length, digested as it is produced.
 *
 * <h2>Why</h2>
 * Large transfers (64 MiB) are checked by SHA-256 on both sides without holding the data: the sender
 * digests what it produces, the receiver what it gets. The bytes are pseudo-random so that a
 * duplicated, dropped or reordered chunk changes the digest (a constant pattern would hide it).
 * The same seed gives the same bytes however the stream is chunked.
 *
 * <h2>Threads</h2>
 * Not thread-safe: one producer.
 */
final class Payload {

    private final long length;
    private final MessageDigest digest = Digests.sha256();
    private long produced;
    private long state;
    private long current;
    private int bitsLeft;

    Payload(long seed, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, was " + length);
        }
        this.length = length;
        this.state = seed ^ 0x9E3779B97F4A7C15L;
        if (state == 0) {
            state = 1; // xorshift never leaves zero
        }
    }

    long length() {
        return length;
    }

    long produced() {
        return produced;
    }

    boolean hasRemaining() {
        return produced < length;
    }

    long remaining() {
        return length - produced;
    }

    /** The next {@code min(max, remaining)} bytes in a fresh heap buffer, ready to read. */
    ByteBuffer next(int max) {
        int n = (int) Math.min(max, remaining());
        byte[] bytes = new byte[n];
        next(bytes, 0, n);
        return ByteBuffer.wrap(bytes);
    }

    /** Fills {@code dst[off .. off+len)} with the next bytes; {@code len} must not exceed {@link #remaining()}. */
    void next(byte[] dst, int off, int len) {
        if (len > remaining()) {
            throw new IllegalArgumentException("asked for " + len + " bytes, only " + remaining() + " remain");
        }
        for (int i = off; i < off + len; i++) {
            if (bitsLeft == 0) {
                // xorshift64*: fast, and good enough that chunk mix-ups change the digest.
                state ^= state >>> 12;
                state ^= state << 25;
                state ^= state >>> 27;
                current = state * 0x2545F4914F6CDD1DL;
                bitsLeft = 64;
            }
            dst[i] = (byte) current;
            current >>>= 8;
            bitsLeft -= 8;
        }
        digest.update(dst, off, len);
        produced += len;
    }

    /** SHA-256 of everything produced; call once, after the last byte. */
    byte[] digest() {
        if (hasRemaining()) {
            throw new IllegalStateException("digest asked with " + remaining() + " of " + length + " bytes unproduced");
        }
        return digest.digest();
    }

    @Override
    public String toString() {
        return "Payload{" + produced + '/' + length + " bytes}";
    }
}
