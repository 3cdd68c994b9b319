package dev.loopwork;

/** The root of Loopwork's unchecked exceptions: each subclass names one kind of misuse or failure. */
public class LoopworkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LoopworkException(String message) {
        super(message);
    }

    public LoopworkException(String message, Throwable cause) {
        super(message, cause);
    }
}
