package dev.loopwork.bench.h2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The byte stream under {@link H2Framer}: the non-blocking channel itself (h2c), or a TLS engine
 * over it ({@link TlsLink}). Both calls return at once.
 */
interface Link {

    /** Takes what it can of {@code srcs[off, off + len)}; returns the plaintext bytes taken. */
    long write(ByteBuffer[] srcs, int off, int len) throws IOException;

    /** Puts what arrived into {@code dst}; returns the bytes put, -1 at the end of the stream. */
    int read(ByteBuffer dst) throws IOException;

    /** Bytes taken but not yet on the wire (TLS records waiting for the socket). */
    default boolean pending() {
        return false;
    }

    /** :scheme of the requests on this link. */
    String scheme();

    static Link plain(SocketChannel ch) {
        return new Link() {
            @Override
            public long write(ByteBuffer[] srcs, int off, int len) throws IOException {
                return ch.write(srcs, off, len);
            }

            @Override
            public int read(ByteBuffer dst) throws IOException {
                return ch.read(dst);
            }

            @Override
            public String scheme() {
                return "http";
            }
        };
    }
}
