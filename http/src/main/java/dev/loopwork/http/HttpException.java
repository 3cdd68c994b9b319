package dev.loopwork.http;

import dev.loopwork.LoopworkException;

/**
 * A request the server refuses, with the status it answers: malformed input (400), a limit
 * exceeded (413, 414, 431), an unsupported feature (501, 505), an expectation it cannot meet (417),
 * a client too slow (408).
 *
 * <h2>Who throws it</h2>
 * The server's parsers throw it for bad input; a {@link BodyConsumer} or {@link RequestHandler}
 * may throw it too, to answer with that status instead of 500. A consumer's
 * {@link BodyConsumer#onError} receives it when the request fails because of the client.
 */
public class HttpException extends LoopworkException {
    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param status the status to answer, 400..599
     * @param message what was wrong, for logs and the answer's body: never echo raw client input
     */
    public HttpException(int status, String message) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an HttpException needs a 4xx or 5xx status, was " + status);
        }
        this.status = status;
    }

    public HttpException(int status, String message, Throwable cause) {
        this(status, message);
        initCause(cause);
    }

    /** The status answered to the client. */
    public int status() {
        return status;
    }

    @Override
    public String toString() {
        return "HttpException{" + status + ": " + getMessage() + '}';
    }
}
