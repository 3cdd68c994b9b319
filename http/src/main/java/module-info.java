/**
 * Loopwork's HTTP/1.1 and HTTP/2 server for streaming uploads: a {@link dev.loopwork.ConnectionHandler} on top of
 * the connection core, so it runs on every loop and, with a TLS stage, over TLS.
 * {@code dev.loopwork.http.internal} (parsers, the connection state machine) is not exported.
 */
module dev.loopwork.http {
    requires transitive dev.loopwork.api;
    // Read only when a connection has the TLS stage: the protocol ALPN chose (h2 or http/1.1).
    requires static dev.loopwork.tls;

    exports dev.loopwork.http;
}
