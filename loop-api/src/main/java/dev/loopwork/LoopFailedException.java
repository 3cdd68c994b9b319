package dev.loopwork;

import java.io.IOException;

/**
 * The cause {@code onClosed} gets when the connection's loop stopped running tasks (its thread died
 * or the loop gave up) and the group closed the connection from outside the loop at its shutdown
 * deadline. The connection's socket was reset; anything queued was lost.
 */
public class LoopFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    public LoopFailedException(String message) {
        super(message);
    }
}
