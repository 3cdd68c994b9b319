package dev.loopwork;

import java.io.IOException;

/**
 * The cause {@code onClosed} gets when the core itself ended a connection by reset, so that the
 * peer saw RST and bytes may have been lost: bytes still queued for writing were dropped, and input
 * the peer sent may never have been read. A clean close ({@code onClosed(null)}) means that every
 * queued byte was handed to the socket and the connection ended with FIN.
 *
 * <p>The subclasses say who ended it: {@link AbortedException} (the application called
 * {@link Connection#abort()}), {@link CloseTimeoutException} (a graceful close did not finish within
 * {@link ConnectionOptions#closeTimeout()}), {@link ShutdownDeadlineException} (the connection was
 * still open at the deadline of {@link LoopGroup#shutdownGracefully}), {@link LoopFailedException}
 * (the connection's loop stopped running tasks and the group reset it from outside).
 */
public class UncleanCloseException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long unsentBytes;

    public UncleanCloseException(String message, long unsentBytes) {
        super(message + (unsentBytes > 0 ? "; " + unsentBytes + " queued byte(s) were not sent" : ""));
        this.unsentBytes = unsentBytes;
    }

    /** Bytes the application had written that were still queued (not handed to the socket) and were dropped. */
    public long unsentBytes() {
        return unsentBytes;
    }
}
