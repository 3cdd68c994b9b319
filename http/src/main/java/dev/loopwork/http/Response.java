package dev.loopwork.http;

import java.nio.ByteBuffer;

/**
 * The answer to one request. Either whole ({@link #send}) or streamed ({@link #begin},
 * {@link #write}, {@link #end}).
 *
 * <h2>Framing, keep-alive</h2>
 * The server writes {@code Content-Length}, {@code Transfer-Encoding}, {@code Connection} and
 * {@code Date}; setting the first two by {@link #header} is refused. A streamed response of unknown
 * length is chunked for HTTP/1.1 clients and delimited by closing the connection for HTTP/1.0
 * clients. The connection is kept after the exchange unless the client asked otherwise, the
 * application set {@code Connection: close}, the server is shutting down, or the request body was
 * not read to its end (see {@link HttpLimits#discardLimit()}). HEAD requests and 204/304 answers
 * get no body bytes on the wire.
 *
 * <h2>Threads</h2>
 * Every method may be called from any thread; calls from one thread take effect in order.
 * Written buffers belong to the connection afterwards (they are sent without a copy).
 *
 * <h2>Misuse</h2>
 * Setting a status or header after the head was sent, writing before {@link #begin} or after
 * {@link #end}, or more bytes than the declared length throws {@link IllegalStateException}; a
 * header name or value that is not valid HTTP throws {@link IllegalArgumentException}. Using a
 * response the server already answered (because the request failed) throws
 * {@link IllegalStateException} naming that answer. Putting bytes on the wire ({@link #send},
 * {@link #begin}, {@link #write} of a body byte, {@link #end}) after the connection closed throws
 * {@link dev.loopwork.ClosedException}, on HTTP/1.1 and HTTP/2 alike; on HTTP/2 also after the
 * request's stream was reset (by the client, or by the server because the client kept its window
 * shut): the request's {@link BodyConsumer} heard {@code onError} first. Nothing is dropped silently.
 */
public interface Response {

    /** Sets the status (100..999 excluding 1xx, which the server sends itself); default 200. */
    Response status(int code);

    /** Adds a header field; see the class comment for what is refused. */
    Response header(String name, String value);

    /** Sends the head with {@code Content-Length: body.remaining()}, the body, and ends. */
    void send(ByteBuffer body);

    /** {@link #send(ByteBuffer)} of the bytes. */
    default void send(byte[] body) {
        send(ByteBuffer.wrap(body));
    }

    /** Sends {@code text} in UTF-8; sets {@code Content-Type: text/plain; charset=utf-8} unless set. */
    void send(CharSequence text);

    /** Sends {@code status} with the given body and content type. */
    default void send(int status, String contentType, CharSequence body) {
        status(status);
        if (contentType != null) {
            header("Content-Type", contentType);
        }
        send(body);
    }

    /**
     * Sends the head of a streamed response.
     *
     * @param contentLength the exact number of body bytes to come, or -1 if unknown
     */
    void begin(long contentLength);

    /**
     * Writes body bytes of a streamed response. Returns whether the connection is still below its
     * high watermark; if not, wait for {@link #whenWritable} before writing more.
     */
    boolean write(ByteBuffer data);

    /** Ends the response; sends an empty body first if nothing was sent yet. */
    void end();

    /** Runs {@code action} once, on the loop thread, when the connection is writable (now or later). */
    void whenWritable(Runnable action);

    /** Whether the head has been sent (status and headers can no longer change). */
    boolean isCommitted();

    /** Whether the whole response has been handed to the connection. */
    boolean isComplete();
}
