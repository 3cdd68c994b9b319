package dev.loopwork.tls.internal;

import dev.loopwork.tls.TlsEngine;

import javax.net.ssl.SSLEngine;

/**
 * Makes configured {@link SSLEngine}s of one implementation. Built once per configuration (the
 * expensive part: key material, context), then asked for one engine per connection.
 */
public interface EngineFactory {

    /** Which implementation this is. */
    TlsEngine kind();

    /** For logs: the implementation and its version. */
    String description();

    /**
     * A new engine for one connection, fully configured (mode, protocols, suites, ALPN, SNI,
     * hostname verification), handshake not begun.
     */
    SSLEngine newEngine(String peerHost, int peerPort);

    /** Frees what the engine holds outside the Java heap; called exactly once per engine. */
    void dispose(SSLEngine engine);
}
