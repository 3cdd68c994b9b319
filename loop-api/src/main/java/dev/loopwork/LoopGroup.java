package dev.loopwork;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A fixed set of loops of one transport (nio, epoll, an integrator's), the servers listening on
 * them and the connections they carry. Accepted connections are spread over the loops.
 * Built with {@code dev.loopwork.bootstrap.Loopwork}.
 *
 * <h2>Shutdown</h2>
 * {@link #shutdownGracefully(Duration)} stops every server, asks every connection's handler to
 * finish ({@link ConnectionHandler#onShutdown}), resets what is still open at the deadline (their
 * {@code onClosed} gets a {@link ShutdownDeadlineException}), then stops the loops. It is idempotent
 * and safe to call from any thread, including a callback. A loop that no longer runs tasks (its
 * thread died) cannot hold the group up: once it has shown no sign of life (no drive, no task) for
 * two seconds after the deadline, its connections are reset from outside the loop
 * ({@link LoopFailedException}, logged once per loop) and the group terminates without waiting for
 * that loop. A loop that is only slow is waited for.
 */
public interface LoopGroup extends AutoCloseable {

    /** The transport's name, e.g. {@code "nio"} or {@code "epoll"}. */
    String transport();

    /** The loops, in a fixed order. */
    List<Loop> loops();

    /** The pool every connection of this group takes its buffers from. */
    BufferPool buffers();

    /**
     * Listens on {@code address}; each accepted connection is set up by {@code initializer}.
     *
     * @throws IllegalArgumentException for a null or unresolved address or a null initializer
     * @throws ClosedException if the group is shutting down
     * @throws java.io.UncheckedIOException if the bind fails (address in use, ...)
     */
    Server listen(InetSocketAddress address, SocketOptions options, ConnectionInitializer initializer);

    /** {@link #listen(InetSocketAddress, SocketOptions, ConnectionInitializer)} with default options. */
    default Server listen(InetSocketAddress address, ConnectionInitializer initializer) {
        return listen(address, SocketOptions.defaults(), initializer);
    }

    /**
     * Opens a connection to {@code address}. The stage completes with the connection once it is
     * open (handler's {@code onOpen} has run), or exceptionally if connecting fails (refused,
     * timed out, the initializer failed, the connection closed before it was open).
     *
     * @throws IllegalArgumentException for a null or unresolved address or a null initializer
     * @throws ClosedException if the group is shutting down
     */
    CompletionStage<Connection> connect(InetSocketAddress address, SocketOptions options,
                                        ConnectionInitializer initializer);

    default CompletionStage<Connection> connect(InetSocketAddress address, ConnectionInitializer initializer) {
        return connect(address, SocketOptions.defaults(), initializer);
    }

    /** Open connections right now. */
    int connectionCount();

    /**
     * How pending input was served so far, by the loops' {@code fakePollIn} hook or by the core's
     * fallback task (see {@link PendingInputStats}). A loop that declines the hook is correct, and
     * costs one task per service; these counts show which path a group takes.
     */
    PendingInputStats pendingInputStats();

    /** See the class comment. Completes once every loop has stopped. */
    CompletionStage<Void> shutdownGracefully(Duration deadline);

    /** Completes once the group has fully stopped. */
    CompletionStage<Void> terminationFuture();

    boolean isShuttingDown();

    /** Blocking {@code shutdownGracefully} with a default deadline, for try-with-resources. */
    @Override
    void close();
}
