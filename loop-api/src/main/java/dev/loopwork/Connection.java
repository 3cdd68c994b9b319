package dev.loopwork;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * One TCP connection, with its stages (TLS, ...) and its {@link ConnectionHandler}.
 *
 * <h2>Threads</h2>
 * Every method may be called from any thread. Callbacks of the handler always run on
 * {@link #loop()}, one at a time. A call from inside one of this connection's callbacks takes
 * effect when the callback returns; any other call (another thread, a timer, another
 * connection's callback) is handed to the loop as a task and takes effect there, in the order the
 * calls were made. So no callback of this connection ever runs inside a call to one of its
 * methods.
 *
 * <h2>Writing and backpressure</h2>
 * {@link #write} copies the bytes into the connection's queue and returns at once. Once more than
 * the high watermark is queued, {@link #isWritable()} turns false; when the queue drains below the
 * low watermark it turns true again and the handler's {@code onWritable} is called. Writes beyond
 * the watermark are still accepted: the watermark is advice, the caller decides whether to stop
 * producing. A write is never lost silently: it either returns (and the bytes are sent before a
 * graceful close's FIN, or counted in the cause of a reset, see {@link ConnectionHandler#onClosed})
 * or throws {@link ClosedException}, also when it races a close from another thread.
 *
 * <h2>Reading and pending input</h2>
 * {@link #pauseReading()} stops the delivery of data to the handler and, once the buffers above
 * the socket are full, stops reading the socket (TCP pushes back on the peer). Bytes already
 * buffered (decrypted TLS, bytes the handler left unconsumed) are kept and delivered after
 * {@link #resumeReading()}, whether or not the socket ever becomes readable again.
 *
 * <h2>Closing</h2>
 * {@link #close()} is graceful: queued writes are flushed, stages say goodbye (TLS close_notify),
 * the output is shut (FIN), and input is drained for a bounded time until the peer's FIN, so the
 * peer reads everything that was written; {@code onClosed(null)}. If that does not finish within
 * {@link ConnectionOptions#closeTimeout()} (a peer that stopped reading), the connection is reset
 * and {@code onClosed} gets a {@link CloseTimeoutException} with the bytes that were dropped.
 * {@link #abort()} resets the connection at once (RST); {@code onClosed} gets an
 * {@link AbortedException}. Both are idempotent; called from inside a callback they take effect
 * after it returns. The handler's {@code onClosed} runs exactly once, and {@link #closeFuture()}
 * completes after it.
 */
public interface Connection {

    /** A number unique within the process, for logs. */
    long id();

    /** The loop this connection lives on. */
    Loop loop();

    InetSocketAddress localAddress();

    InetSocketAddress remoteAddress();

    /**
     * Queues {@code data} for writing. The bytes between each buffer's position and limit are
     * copied into the connection's own buffers and the buffers are consumed (position moved to
     * limit), so the caller may reuse or change them as soon as this returns: writing the buffer
     * {@code onData} received is a complete echo. Empty buffers are allowed anywhere and ignored.
     *
     * @return {@link #isWritable()} after queuing
     * @throws ClosedException if the connection's output is already shut, closing, aborted or closed
     *         (nothing of {@code data} is queued then)
     */
    boolean write(ByteBuffer... data);

    /**
     * Whether the queued bytes are below the high watermark. Never true while more than the high
     * watermark is queued, whichever threads write.
     */
    boolean isWritable();

    /** Bytes queued by {@link #write} and not yet handed to the socket. */
    long pendingWriteBytes();

    /** Stops delivering data to the handler until {@link #resumeReading()}. Idempotent. */
    void pauseReading();

    /** Delivers data again, including bytes buffered while reading was paused. Idempotent. */
    void resumeReading();

    boolean isReadingPaused();

    /**
     * Half close: flushes queued writes, lets stages finish their output, then sends FIN. Input
     * goes on being delivered. Idempotent.
     */
    void shutdownOutput();

    /** Graceful close (see the class comment). Returns the same stage as {@link #closeFuture()}. */
    CompletionStage<Void> close();

    /**
     * Abortive close: drops queued writes and resets the connection (RST). Idempotent.
     * {@code onClosed} gets an {@link AbortedException} (or the failure that came first).
     */
    void abort();

    /** Completes once the connection is closed and its handler was told; never exceptionally. */
    CompletionStage<Void> closeFuture();

    /** {@code false} from the moment {@link #close()} or {@link #abort()} was called or the peer went away. */
    boolean isOpen();

    /** Returns the attribute stored under {@code key}, or {@code null}. */
    Object attribute(String key);

    /** Stores {@code value} under {@code key} ({@code null} removes it); returns the previous value. */
    Object attribute(String key, Object value);
}
