package dev.loopwork;

/** The cause {@code onClosed} gets after {@link Connection#abort()}: the connection was reset on request. */
public class AbortedException extends UncleanCloseException {
    private static final long serialVersionUID = 1L;

    public AbortedException(String message, long unsentBytes) {
        super(message, unsentBytes);
    }
}
