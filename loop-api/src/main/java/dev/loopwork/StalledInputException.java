package dev.loopwork;

import java.io.IOException;

/**
 * The cause a connection is closed with when buffered input could not be moved forward: a stage or
 * handler kept refusing bytes that were pending, so serving it again would only spin the loop.
 */
public class StalledInputException extends IOException {
    private static final long serialVersionUID = 1L;

    public StalledInputException(String message) {
        super(message);
    }
}
