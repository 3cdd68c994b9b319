package dev.loopwork.tck;

import dev.loopwork.Connection;
import dev.loopwork.tls.TlsSession;

import java.util.concurrent.CompletableFuture;

/**
 * The {@link EchoHandler} of the TLS cases: echoes with backpressure, and records what the TLS
 * stage settled ({@link #session}, which must be there by {@code onOpen}) and whether the peer's end
 * arrived as a clean end of input ({@link #inputShutdown}: close_notify, or FIN after it) with how
 * many bytes had been echoed by then. Like the interface's default, it closes at input shutdown.
 */
final class TlsEchoHandler extends EchoHandler {

    final CompletableFuture<TlsSession> session = new CompletableFuture<>();
    /** Completes with the bytes echoed when {@code onInputShutdown} came. */
    final CompletableFuture<Long> inputShutdown = new CompletableFuture<>();

    TlsEchoHandler(Violations violations) {
        super(violations);
    }

    @Override
    void opened(Connection c) {
        TlsSession.of(c).ifPresentOrElse(session::complete, () -> session.completeExceptionally(
                new AssertionError("no TlsSession on " + c + " at onOpen: the handler was opened before the "
                        + "TLS handshake completed")));
    }

    @Override
    void inputShutdown(Connection c) throws Exception {
        inputShutdown.complete(echoed.get());
        super.inputShutdown(c);
    }
}
