package dev.loopwork;

/**
 * Thrown when a connection, server or loop group is used after it was closed: a write to a closed
 * connection, a listen on a group that is shutting down. The message names what was closed.
 */
public class ClosedException extends LoopworkException {
    private static final long serialVersionUID = 1L;

    public ClosedException(String message) {
        super(message);
    }
}
