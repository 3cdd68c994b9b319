package dev.loopwork.http.internal;

import dev.loopwork.Connection;
import dev.loopwork.http.HttpHeaders;
import dev.loopwork.http.HttpLimits;
import dev.loopwork.http.HttpRequest;

/** {@link HttpRequest} over a parsed {@link RequestHead}. */
final class RequestImpl extends RequestBase {

    private final RequestHead head;

    RequestImpl(RequestHead head, HttpLimits limits, Connection connection) {
        super(limits, connection);
        this.head = head;
    }

    RequestHead head() {
        return head;
    }

    @Override
    public String method() {
        return head.method();
    }

    @Override
    public String target() {
        return head.target();
    }

    @Override
    public String path() {
        return head.path();
    }

    @Override
    public String query() {
        return head.query();
    }

    @Override
    public String version() {
        return head.version();
    }

    @Override
    public HttpHeaders headers() {
        return head.headers();
    }

    @Override
    public long contentLength() {
        return head.contentLength();
    }

    @Override
    public boolean isChunked() {
        return head.chunked();
    }

    @Override
    public boolean expectsContinue() {
        return head.expectContinue();
    }

    @Override
    public boolean isKeepAlive() {
        return head.keepAlive();
    }

    @Override
    public String toString() {
        return head.method() + ' ' + head.target() + ' ' + head.version() + " (length "
                + (head.chunked() ? "chunked" : head.contentLength()) + (head.keepAlive() ? ", keep-alive" : ", close")
                + (head.expectContinue() ? ", expects 100" : "") + ')';
    }
}
