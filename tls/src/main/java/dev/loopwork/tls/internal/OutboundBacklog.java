package dev.loopwork.tls.internal;

import java.nio.ByteBuffer;

/**
 * Ciphertext the engine produced while the stage was decoding, kept until the next
 * {@code encode} hands it to the core in front of anything newer.
 *
 * <h2>Why it exists</h2>
 * Mid-handshake an engine may refuse to unwrap until it has sent something (the JDK's TLS 1.3
 * client sends a ChangeCipherSpec right after the ServerHello). If the rest of the peer's flight
 * is already buffered, answering "no progress" would leave those bytes waiting for socket input
 * that never comes. Wrapping the engine's bytes here lets decoding go on. It holds handshake
 * messages only (a few KiB at most), never application data.
 */
final class OutboundBacklog {

    private ByteBuffer buffer; // fill mode; null while empty and never used

    /** A buffer in fill mode with at least {@code min} bytes of room. */
    ByteBuffer room(int min) {
        if (buffer == null) {
            buffer = ByteBuffer.allocate(Math.max(min, 4096));
        } else if (buffer.remaining() < min) {
            ByteBuffer bigger = ByteBuffer.allocate(buffer.position() + Math.max(min, buffer.capacity()));
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
        return buffer;
    }

    boolean isEmpty() {
        return buffer == null || buffer.position() == 0;
    }

    int size() {
        return buffer == null ? 0 : buffer.position();
    }

    /** Moves as many bytes as fit into {@code dst}; returns how many. */
    int drainTo(ByteBuffer dst) {
        if (isEmpty()) {
            return 0;
        }
        buffer.flip();
        int n = Math.min(buffer.remaining(), dst.remaining());
        ByteBuffer slice = buffer.slice();
        slice.limit(n);
        dst.put(slice);
        buffer.position(buffer.position() + n);
        buffer.compact();
        if (buffer.position() == 0) {
            buffer = null; // handshakes are rare: do not keep the memory
        }
        return n;
    }

    void clear() {
        buffer = null;
    }

    @Override
    public String toString() {
        return "backlog=" + size();
    }
}
