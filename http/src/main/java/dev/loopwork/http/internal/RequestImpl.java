package dev.loopwork.http.internal;

import dev.loopwork.Connection;
import dev.loopwork.http.HttpHeaders;
import dev.loopwork.http.HttpLimits;
import dev.loopwork.http.HttpRequest;

import java.net.InetSocketAddress;

/** {@link HttpRequest} over a parsed {@link RequestHead}. */
final class RequestImpl implements HttpRequest {

    private final RequestHead head;
    private final HttpLimits limits;
    private final Connection connection;
    private volatile HttpHeaders trailers = FieldList.EMPTY;

    RequestImpl(RequestHead head, HttpLimits limits, Connection connection) {
        this.head = head;
        this.limits = limits;
        this.connection = connection;
    }

    RequestHead head() {
        return head;
    }

    void trailers(HttpHeaders t) {
        this.trailers = t;
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
    public HttpHeaders trailers() {
        return trailers;
    }

    @Override
    public HttpLimits limits() {
        return limits;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return connection.localAddress();
    }

    @Override
    public String toString() {
        return head.method() + ' ' + head.target() + ' ' + head.version() + " (length "
                + (head.chunked() ? "chunked" : head.contentLength()) + (head.keepAlive() ? ", keep-alive" : ", close")
                + (head.expectContinue() ? ", expects 100" : "") + ')';
    }
}
