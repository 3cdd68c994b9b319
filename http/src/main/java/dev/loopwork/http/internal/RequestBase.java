package dev.loopwork.http.internal;

import dev.loopwork.Connection;
import dev.loopwork.http.HttpHeaders;
import dev.loopwork.http.HttpLimits;
import dev.loopwork.http.HttpRequest;

import java.net.InetSocketAddress;

/**
 * What an {@link HttpRequest} is the same way on HTTP/1.1 ({@link RequestImpl}) and HTTP/2
 * ({@code h2.H2Request}): the limits it was read under, the connection's addresses, and the
 * trailers, set on the loop thread when they arrive and read from any thread.
 */
public abstract class RequestBase implements HttpRequest {

    private final HttpLimits limits;
    private final Connection connection;
    private volatile HttpHeaders trailers = FieldList.EMPTY;

    protected RequestBase(HttpLimits limits, Connection connection) {
        this.limits = limits;
        this.connection = connection;
    }

    /** The trailer fields arrived (after the whole body). */
    public final void trailers(HttpHeaders t) {
        this.trailers = t;
    }

    @Override
    public final HttpHeaders trailers() {
        return trailers;
    }

    @Override
    public final HttpLimits limits() {
        return limits;
    }

    @Override
    public final InetSocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    @Override
    public final InetSocketAddress localAddress() {
        return connection.localAddress();
    }
}
