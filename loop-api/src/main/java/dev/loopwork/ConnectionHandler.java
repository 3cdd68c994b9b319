package dev.loopwork;

import java.nio.ByteBuffer;

/**
 * What an application does with a connection. All methods run on the connection's loop thread,
 * one at a time, never re-entered.
 *
 * <h2>Consuming data</h2>
 * {@link #onData} receives a buffer that the core owns and reuses after the call: it is valid only
 * during the call, and the handler must not keep it (or a slice or duplicate of it) for later. The
 * handler consumes bytes by advancing the buffer's position; {@link Connection#write} consumes what
 * it is given, so {@code c.write(data)} is a complete echo. Bytes it leaves are kept by the
 * connection and offered again, in front of newer bytes, when more data arrives or after
 * {@link Connection#resumeReading()}: a parser that needs a whole frame simply leaves a partial
 * frame in place. A handler that leaves bytes and pauses may resume as late and as often as it
 * likes (from a timer or another thread); only a handler that resumes inside its own callback
 * without ever taking a byte is stopped, after 1,000 such rounds, with {@link StalledInputException}.
 * So is a handler that leaves a full buffer ({@link ConnectionOptions#readBufferSize()} bytes)
 * without pausing: no more bytes can reach it, so a unit it waits for must fit in that size.
 *
 * <h2>Errors</h2>
 * An exception thrown by a callback aborts this connection only; it is logged once and passed to
 * {@link #onClosed}. The loop and the other connections go on.
 */
public interface ConnectionHandler {

    /** The connection is established (for TLS: the handshake has completed). */
    default void onOpen(Connection connection) throws Exception {
    }

    /** Bytes arrived; consume them by advancing {@code data}'s position. */
    void onData(Connection connection, ByteBuffer data) throws Exception;

    /** The write queue drained below the low watermark after having been above the high one. */
    default void onWritable(Connection connection) throws Exception {
    }

    /**
     * The peer shut its output (FIN, or TLS close_notify) and every byte before it has been
     * offered to {@link #onData}; bytes the handler left unconsumed then are dropped. The default
     * closes the connection; override it to keep writing (half close).
     */
    default void onInputShutdown(Connection connection) throws Exception {
        connection.close();
    }

    /**
     * The loop group is shutting down gracefully. The default closes the connection at once;
     * a handler with work in flight may finish it first (the group aborts what is left at its
     * deadline).
     */
    default void onShutdown(Connection connection) throws Exception {
        connection.close();
    }

    /**
     * The connection is closed; called exactly once, on the loop thread, after every other callback.
     *
     * <p>{@code cause} is {@code null} only for a clean end: a graceful close that ran to its end
     * (every queued byte was handed to the socket, then FIN, then the bounded drain), or a client
     * connection closed before its connect completed. Otherwise it says what happened:
     * <ul>
     *   <li>an {@link java.io.IOException} of the JDK (a reset by the peer, a broken pipe, an EOF
     *       during a TLS handshake, a TLS truncation), never a transport's own exception type;</li>
     *   <li>the exception a callback or a stage threw;</li>
     *   <li>{@link AbortedException} after {@link Connection#abort()};</li>
     *   <li>{@link CloseTimeoutException} when a graceful close did not finish within
     *       {@link ConnectionOptions#closeTimeout()} and the core reset the connection;</li>
     *   <li>{@link ShutdownDeadlineException} when the connection was still open at the deadline of
     *       {@link LoopGroup#shutdownGracefully};</li>
     *   <li>{@link LoopFailedException} when the connection's loop stopped running tasks and the group
     *       closed the connection from outside the loop (this one call then runs off the loop);</li>
     *   <li>{@link StalledInputException} when buffered input could not be moved (see the class comment).</li>
     * </ul>
     * The {@link UncleanCloseException} causes carry the number of queued bytes that were dropped.
     */
    default void onClosed(Connection connection, Throwable cause) throws Exception {
    }
}
