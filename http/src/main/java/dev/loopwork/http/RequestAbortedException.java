package dev.loopwork.http;

import dev.loopwork.LoopworkException;

/**
 * Passed to {@link BodyConsumer#onError} when a request body will never be complete for a reason
 * that is not a malformed request: the connection closed or reset, the server answered before the
 * body ended and discards the rest, or the server is shutting down and its deadline passed.
 */
public class RequestAbortedException extends LoopworkException {
    private static final long serialVersionUID = 1L;

    public RequestAbortedException(String message) {
        super(message);
    }

    public RequestAbortedException(String message, Throwable cause) {
        super(message, cause);
    }
}
