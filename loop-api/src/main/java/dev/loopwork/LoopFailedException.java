package dev.loopwork;

/**
 * The cause {@code onClosed} gets when the connection's loop stopped running tasks (its thread died
 * or the loop gave up) and the group closed the connection from outside the loop at its shutdown
 * deadline. The connection's socket was reset; anything queued was lost ({@link #unsentBytes()}).
 */
public class LoopFailedException extends UncleanCloseException {
    private static final long serialVersionUID = 1L;

    public LoopFailedException(String message, long unsentBytes) {
        super(message, unsentBytes);
    }
}
