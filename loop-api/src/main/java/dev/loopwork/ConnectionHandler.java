package dev.loopwork;

import java.nio.ByteBuffer;

/**
 * What an application does with a connection. All methods run on the connection's loop thread,
 * one at a time, never re-entered.
 *
 * <h2>Consuming data</h2>
 * {@link #onData} receives a buffer that is valid only during the call. The handler consumes
 * bytes by advancing the buffer's position. Bytes it leaves are kept by the connection and offered
 * again, in front of newer bytes, when more data arrives or after {@link Connection#resumeReading()}:
 * a parser that needs a whole frame simply leaves a partial frame in place.
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
     * The connection is closed; called exactly once. {@code cause} is {@code null} after a clean
     * close and the failure otherwise (a reset, a handler exception, a TLS truncation, ...).
     */
    default void onClosed(Connection connection, Throwable cause) throws Exception {
    }
}
