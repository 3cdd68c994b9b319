package dev.loopwork;

/**
 * Thrown when a method that may only run on a loop thread is called from another thread, for
 * example {@code LoopOps.register} from a foreign thread. The message names the loop and the thread.
 */
public class WrongThreadException extends LoopworkException {
    private static final long serialVersionUID = 1L;

    public WrongThreadException(String message) {
        super(message);
    }
}
