package dev.loopwork;

/**
 * The cause {@code onClosed} gets when a graceful {@link Connection#close()} did not finish within
 * {@link ConnectionOptions#closeTimeout()} (typically a peer that stopped reading, so queued bytes
 * could not be flushed), and the core reset the connection.
 */
public class CloseTimeoutException extends UncleanCloseException {
    private static final long serialVersionUID = 1L;

    public CloseTimeoutException(String message, long unsentBytes) {
        super(message, unsentBytes);
    }
}
