package dev.loopwork.http.internal;

import dev.loopwork.Connection;
import dev.loopwork.ConnectionHandler;
import dev.loopwork.http.Http2Settings;
import dev.loopwork.http.HttpLimits;
import dev.loopwork.http.HttpTimeouts;
import dev.loopwork.http.RequestHandler;
import dev.loopwork.http.internal.h2.H2;
import dev.loopwork.http.internal.h2.H2Connection;

import java.nio.ByteBuffer;

/**
 * Picks the protocol of one connection, then hands every callback to that protocol's handler.
 *
 * <ul>
 *   <li>TLS with ALPN {@code h2}: HTTP/2 from the start.</li>
 *   <li>TLS otherwise (ALPN {@code http/1.1}, or none): HTTP/1.1. RFC 9113 §3.2 allows h2 over TLS
 *       only through ALPN.</li>
 *   <li>Plain: HTTP/1.1, unless the first bytes are the HTTP/2 client preface (prior knowledge,
 *       RFC 9113 §3.3, when {@link Http2Settings#priorKnowledge()} is on). The HTTP/1.1 handler runs
 *       from the start (its idle and head timers guard a silent client) and is retired when the
 *       preface is complete; an incomplete prefix of the preface is left in the input until the
 *       next bytes decide.</li>
 * </ul>
 */
public final class ProtocolSwitch implements ConnectionHandler {

    static final String TLS_SESSION = "dev.loopwork.tls.session";

    private final HttpLimits limits;
    private final HttpTimeouts timeouts;
    private final Http2Settings h2;
    private final RequestHandler handler;
    private final String serverName;
    private ConnectionHandler delegate;
    private HttpConnection http1;
    private boolean decided;

    public ProtocolSwitch(HttpLimits limits, HttpTimeouts timeouts, Http2Settings h2, RequestHandler handler,
                          String serverName) {
        this.limits = limits;
        this.timeouts = timeouts;
        this.h2 = h2;
        this.handler = handler;
        this.serverName = serverName;
    }

    @Override
    public void onOpen(Connection connection) throws Exception {
        Object tls = connection.attribute(TLS_SESSION);
        if (tls != null && "h2".equals(Alpn.chosen(tls))) {
            decided = true;
            delegate = new H2Connection(limits, timeouts, h2, handler, serverName);
            delegate.onOpen(connection);
            return;
        }
        http1 = new HttpConnection(limits, timeouts, handler, serverName);
        delegate = http1;
        decided = tls != null || !h2.priorKnowledge();
        http1.onOpen(connection);
    }

    @Override
    public void onData(Connection connection, ByteBuffer data) throws Exception {
        if (!decided) {
            int n = Math.min(data.remaining(), H2.PREFACE.length);
            int p = data.position();
            for (int i = 0; i < n; i++) {
                if (data.get(p + i) != H2.PREFACE[i]) {
                    decided = true; // HTTP/1.1
                    break;
                }
            }
            if (!decided) {
                if (n < H2.PREFACE.length) {
                    return; // a prefix of the preface: wait for the bytes that decide
                }
                decided = true;
                http1.handOver();
                http1 = null;
                delegate = new H2Connection(limits, timeouts, h2, handler, serverName);
                delegate.onOpen(connection);
            }
        }
        delegate.onData(connection, data);
    }

    @Override
    public void onWritable(Connection connection) throws Exception {
        delegate.onWritable(connection);
    }

    @Override
    public void onInputShutdown(Connection connection) throws Exception {
        delegate.onInputShutdown(connection);
    }

    @Override
    public void onShutdown(Connection connection) throws Exception {
        delegate.onShutdown(connection);
    }

    @Override
    public void onClosed(Connection connection, Throwable cause) throws Exception {
        if (delegate != null) {
            delegate.onClosed(connection, cause);
        }
    }

    @Override
    public String toString() {
        return "ProtocolSwitch{" + (decided ? "" : "deciding, ") + delegate + '}';
    }

    /** Reads the TLS session's ALPN result; loaded only when a connection has the TLS stage. */
    private static final class Alpn {
        static String chosen(Object session) {
            return ((dev.loopwork.tls.TlsSession) session).applicationProtocol().orElse(null);
        }
    }
}
