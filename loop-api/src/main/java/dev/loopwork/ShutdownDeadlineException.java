package dev.loopwork;

/**
 * The cause {@code onClosed} gets when the connection was still open at the deadline of
 * {@link LoopGroup#shutdownGracefully(java.time.Duration)} and the group reset it.
 */
public class ShutdownDeadlineException extends UncleanCloseException {
    private static final long serialVersionUID = 1L;

    public ShutdownDeadlineException(String message, long unsentBytes) {
        super(message, unsentBytes);
    }
}
