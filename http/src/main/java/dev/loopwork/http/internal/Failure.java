package dev.loopwork.http.internal;

import dev.loopwork.http.HttpException;
import dev.loopwork.http.RequestAbortedException;

/**
 * What the server answers when a request fails, by cause: the client's fault (an
 * {@link HttpException}'s status, 400 for a body the client abandoned) or the application's (500,
 * without the exception's message, which may hold internals).
 *
 * @param status   the status to answer
 * @param message  the text of the answer's body
 * @param expected whether this is the client's doing (logged at debug) rather than a bug (warned)
 */
record Failure(int status, String message, boolean expected) {

    static Failure of(Throwable t) {
        if (t instanceof HttpException) {
            return new Failure(((HttpException) t).status(), t.getMessage(), true);
        }
        if (t instanceof RequestAbortedException) {
            return new Failure(400, t.getMessage(), true);
        }
        return new Failure(500, "internal server error", false);
    }
}
