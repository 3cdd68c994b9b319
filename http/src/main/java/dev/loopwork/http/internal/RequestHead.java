package dev.loopwork.http.internal;

/**
 * A request head as {@link HeadParser} produced it: syntax checked, framing decided.
 *
 * @param method        the method token
 * @param target        the request target as received
 * @param path          the path of the target (percent-encoded), {@code *} for the asterisk form
 * @param query         the query without '?', or {@code null}
 * @param minorVersion  0 for HTTP/1.0, 1 for HTTP/1.1
 * @param headers       every field line
 * @param contentLength body length; 0 without a body; -1 for chunked
 * @param expectContinue whether the client waits for 100 Continue (HTTP/1.1 only)
 * @param keepAlive     whether the client allows keeping the connection after this exchange
 */
record RequestHead(String method, String target, String path, String query, int minorVersion, FieldList headers,
                   long contentLength, boolean expectContinue, boolean keepAlive) {

    boolean chunked() {
        return contentLength < 0;
    }

    String version() {
        return minorVersion == 1 ? "HTTP/1.1" : "HTTP/1.0";
    }

    boolean isHead() {
        return "HEAD".equals(method);
    }
}
