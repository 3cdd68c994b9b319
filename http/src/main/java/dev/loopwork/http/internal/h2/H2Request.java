package dev.loopwork.http.internal.h2;

import dev.loopwork.Connection;
import dev.loopwork.http.HttpHeaders;
import dev.loopwork.http.HttpLimits;
import dev.loopwork.http.HttpRequest;
import dev.loopwork.http.internal.FieldList;
import dev.loopwork.http.internal.RequestBase;

/** {@link HttpRequest} of one HTTP/2 stream. The target is {@code :path}; {@code :authority} is also {@code host}. */
final class H2Request extends RequestBase {

    private final String method;
    private final String target;
    private final String path;
    private final String query;
    private final FieldList headers;
    private final long contentLength;
    private final boolean expectsContinue;

    H2Request(HeaderBlock b, long contentLength, HttpLimits limits, Connection connection) {
        super(limits, connection);
        this.method = b.method;
        this.target = b.path;
        int q = b.path.indexOf('?');
        this.path = q < 0 ? b.path : b.path.substring(0, q);
        this.query = q < 0 ? null : b.path.substring(q + 1);
        FieldList h = b.fields;
        if (b.authority != null && h.get("host") == null) {
            // RFC 9113 §8.3.1: :authority stands for Host; an HTTP/1.1 handler reads it as Host.
            FieldList withHost = new FieldList(h.size() + 1);
            withHost.add("host", b.authority);
            for (int i = 0; i < h.size(); i++) {
                withHost.add(h.name(i), h.value(i));
            }
            h = withHost;
        }
        this.headers = h;
        this.contentLength = contentLength;
        String expect = h.get("expect");
        this.expectsContinue = expect != null && expect.equalsIgnoreCase("100-continue");
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String query() {
        return query;
    }

    @Override
    public String version() {
        return "HTTP/2";
    }

    @Override
    public HttpHeaders headers() {
        return headers;
    }

    /** The content-length, 0 when HEADERS ended the stream, -1 when the body length is unknown. */
    @Override
    public long contentLength() {
        return contentLength;
    }

    @Override
    public boolean isChunked() {
        return false;
    }

    @Override
    public boolean expectsContinue() {
        return expectsContinue;
    }

    @Override
    public boolean isKeepAlive() {
        return true;
    }

    @Override
    public String toString() {
        return method + ' ' + target + " HTTP/2 (length " + (contentLength < 0 ? "unknown" : contentLength)
                + (expectsContinue ? ", expects 100" : "") + ')';
    }
}
