package dev.loopwork;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;

/**
 * A listening socket that accepts connections onto the loops of its group.
 *
 * <h2>Closing</h2>
 * {@link #close()} stops accepting at once and releases the port: when the returned stage
 * completes, a new bind to the same address succeeds. Connections already accepted are not
 * touched. Idempotent and callable from any thread, including from a callback.
 */
public interface Server extends AutoCloseable {

    /** The bound address, with the real port when port 0 was asked for. */
    InetSocketAddress localAddress();

    /** Number of connections accepted so far. */
    long acceptedCount();

    boolean isOpen();

    /** Stops accepting and releases the port; completes once the port is free. */
    CompletionStage<Void> closeAsync();

    /** Completes once the listener has been closed, by whatever path. */
    CompletionStage<Void> closeFuture();

    /** Blocking form of {@link #closeAsync()}, for try-with-resources outside loop threads. */
    @Override
    void close();
}
