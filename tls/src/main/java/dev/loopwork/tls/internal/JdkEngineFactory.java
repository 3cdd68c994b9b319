package dev.loopwork.tls.internal;

import dev.loopwork.tls.ClientAuth;
import dev.loopwork.tls.TlsConfigException;
import dev.loopwork.tls.TlsEngine;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import java.security.GeneralSecurityException;
import java.util.List;

/** Engines of the JDK's own provider (SunJSSE). */
public final class JdkEngineFactory implements EngineFactory {

    private final EngineSettings settings;
    private final SSLContext context;
    private final String[] protocols;
    private final String[] cipherSuites;

    public JdkEngineFactory(EngineSettings settings) {
        this.settings = settings;
        try {
            context = SSLContext.getInstance("TLS");
            KeyManager[] km = settings.keyManagers() == null ? null : settings.keyManagers().getKeyManagers();
            TrustManager[] tm = settings.trustManager() == null ? null : new TrustManager[] {settings.trustManager()};
            context.init(km, tm, null);
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException("the JDK TLS context cannot be set up: " + e, e);
        }
        SSLParameters supported = context.getSupportedSSLParameters();
        protocols = Suites.intersect(settings.protocols(), supported.getProtocols(), "protocols", "JDK");
        cipherSuites = Suites.intersect(settings.cipherSuites(), supported.getCipherSuites(), "cipher suites", "JDK");
    }

    @Override
    public TlsEngine kind() {
        return TlsEngine.JDK;
    }

    @Override
    public String description() {
        return "JDK " + context.getProvider().getName() + ' ' + Runtime.version();
    }

    @Override
    public SSLEngine newEngine(String peerHost, int peerPort) {
        SSLEngine engine = context.createSSLEngine(peerHost, peerPort);
        engine.setUseClientMode(settings.client());
        SSLParameters p = engine.getSSLParameters();
        p.setProtocols(protocols);
        p.setCipherSuites(cipherSuites);
        List<String> alpn = settings.applicationProtocols();
        if (settings.client()) {
            if (!alpn.isEmpty()) {
                p.setApplicationProtocols(alpn.toArray(new String[0]));
            }
        } else {
            p.setNeedClientAuth(settings.clientAuth() == ClientAuth.REQUIRE);
            if (settings.clientAuth() == ClientAuth.OPTIONAL) {
                p.setWantClientAuth(true);
            }
        }
        engine.setSSLParameters(p);
        if (!settings.client() && !alpn.isEmpty()) {
            // The server's preference wins; no common protocol means no ALPN (as BoringSSL does),
            // not a fatal alert: the application sees an empty protocol and decides.
            engine.setHandshakeApplicationProtocolSelector((e, offered) -> Suites.selectAlpn(alpn, offered));
        }
        EngineParameters.apply(engine, settings, peerHost);
        return engine;
    }

    @Override
    public void dispose(SSLEngine engine) {
        // Nothing outside the heap; closeOutbound only drops the engine's handshake state sooner.
        engine.closeOutbound();
    }

    @Override
    public String toString() {
        return "JdkEngineFactory{" + (settings.client() ? "client" : "server") + ", protocols="
                + List.of(protocols) + ", suites=" + cipherSuites.length + '}';
    }
}
