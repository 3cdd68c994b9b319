package dev.loopwork;

/**
 * Thrown when the transport that was asked for by name cannot be used here. The message lists
 * every provider that was found and why each one is or is not available.
 */
public class TransportUnavailableException extends LoopworkException {
    private static final long serialVersionUID = 1L;

    public TransportUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
