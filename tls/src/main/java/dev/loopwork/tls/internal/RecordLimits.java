package dev.loopwork.tls.internal;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import java.nio.ByteBuffer;

/**
 * The buffer sizes a TLS stage promises the core, and the byte counting both directions share.
 *
 * <h2>Why fixed</h2>
 * The core sizes its buffers by {@code decodeCapacity()} and {@code encodeCapacity()} when it first
 * needs them, so the values must hold for every legal record from the start and never grow.
 * Sessions do not give that: netty's engine raises its session's application buffer size after
 * an overflow (to 33 KiB), which is not a need for more room. So the bound is the largest
 * TLSCiphertext fragment RFC 5246 allows, 2^14 + 2048 bytes (TLS 1.3 allows less), or the
 * session's own figure if that is larger.
 */
final class RecordLimits {

    static final int RECORD_HEADER = 5;
    static final int MAX_RECORD_DATA = 16384 + 2048;

    private RecordLimits() {
    }

    /** The smallest destination any legal record can be unwrapped into by {@code engine}. */
    static int decodeCapacity(SSLEngine engine) {
        SSLSession session = engine.getSession();
        return Math.max(MAX_RECORD_DATA, Math.max(session.getApplicationBufferSize(),
                session.getPacketBufferSize() - RECORD_HEADER));
    }

    /** The smallest destination {@code engine} can always wrap a record into. */
    static int encodeCapacity(SSLEngine engine) {
        return Math.max(engine.getSession().getPacketBufferSize(), MAX_RECORD_DATA + RECORD_HEADER);
    }

    /** An overflow although {@code dst} had the room promised: a record no legal peer sends. */
    static SSLException oversized(String peer, String what, int room, int limit) {
        return new SSLException("TLS record from " + peer + " too large to " + what + ": " + room
                + " bytes of room were not enough although the stage promised " + limit
                + " would be (records carry at most " + MAX_RECORD_DATA + " bytes after the header)");
    }

    static long remaining(ByteBuffer[] srcs, int offset, int length) {
        long n = 0;
        for (int i = offset; i < offset + length; i++) {
            n += srcs[i].remaining();
        }
        return n;
    }

    static boolean hasRemaining(ByteBuffer[] srcs, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (srcs[i].hasRemaining()) {
                return true;
            }
        }
        return false;
    }
}
