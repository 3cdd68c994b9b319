package dev.loopwork.spi;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A non-blocking connected TCP socket, as the connection core uses it. Methods are called on the
 * loop thread the socket is registered with.
 *
 * <h2>Reads and writes</h2>
 * {@code read} and {@code write} never block; like {@link java.nio.channels.SocketChannel} they
 * move the buffer's position by the bytes transferred. {@code read} returns -1 at end of stream
 * and 0 when nothing is there yet; {@code write} returns 0 when the send buffer is full. Errors
 * (a reset, ...) are thrown as {@link IOException}.
 *
 * <h2>Exception types</h2>
 * Throw JDK types ({@link java.net.SocketException} and the like) with the operating system's
 * message, as {@link java.nio.channels.SocketChannel} does. The core reports any other
 * {@code IOException} (a native library's own type) to handlers as a {@code SocketException} with
 * the same message and the original as its cause, so that users of the public API only ever see
 * JDK types.
 */
public interface NetSocket extends Pollable {

    int read(ByteBuffer dst) throws IOException;

    int write(ByteBuffer src) throws IOException;

    /** Gathering write of {@code srcs[offset .. offset+length)}. */
    long write(ByteBuffer[] srcs, int offset, int length) throws IOException;

    /**
     * Finishes a non-blocking connect started by {@link Sockets#connect}; {@code true} once
     * connected. Throws the connect failure (refused, unreachable).
     */
    boolean finishConnect() throws IOException;

    /** Sends FIN. Idempotent. */
    void shutdownOutput() throws IOException;

    InetSocketAddress remoteAddress();

    /** Closes with SO_LINGER 0 so that the peer gets a reset (RST) and no TIME_WAIT is left. */
    void abort();
}
