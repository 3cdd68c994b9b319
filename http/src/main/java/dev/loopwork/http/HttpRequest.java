package dev.loopwork.http;

import java.net.InetSocketAddress;

/**
 * The head of a request as the server parsed and validated it, plus what is known about its body.
 * Immutable, except {@link #trailers()} which is filled when a chunked body ends. Usable from any
 * thread.
 *
 * <h2>What the server already checked</h2>
 * Syntax (RFC 9112), exactly one valid {@code Host} on HTTP/1.1, message framing
 * ({@code Content-Length} or {@code Transfer-Encoding: chunked}, never both, never ambiguous), the
 * limits of {@link HttpLimits}, and {@code Expect}. A handler sees only requests that passed.
 */
public interface HttpRequest {

    /** The method token, e.g. {@code "POST"}; case-sensitive as HTTP defines it. */
    String method();

    /** The request target exactly as received: {@code /path?query}, an absolute URI, or {@code *}. */
    String target();

    /** The path of the target, still percent-encoded ({@code *} for the asterisk form). */
    String path();

    /** The query of the target without {@code '?'}, still percent-encoded, or {@code null}. */
    String query();

    /** {@code "HTTP/1.1"}, {@code "HTTP/1.0"}, or {@code "HTTP/2"}. */
    String version();

    HttpHeaders headers();

    /** Shortcut for {@code headers().get(name)}. */
    default String header(String name) {
        return headers().get(name);
    }

    /**
     * The declared body length, 0 when there is no body, -1 for a chunked body (or, on HTTP/2, a
     * body without {@code content-length}).
     */
    long contentLength();

    boolean isChunked();

    /** Whether the request carries a body (a non-zero Content-Length, or chunked). */
    default boolean hasBody() {
        return contentLength() != 0;
    }

    /** Whether the client waits for {@code 100 Continue} before sending its body. */
    boolean expectsContinue();

    /** Whether the client allows the connection to be kept after this exchange. */
    boolean isKeepAlive();

    /**
     * Trailer fields of a chunked body; empty until the body is complete and for other bodies.
     */
    HttpHeaders trailers();

    /** The limits this request is held to (the server's). */
    HttpLimits limits();

    InetSocketAddress remoteAddress();

    InetSocketAddress localAddress();
}
