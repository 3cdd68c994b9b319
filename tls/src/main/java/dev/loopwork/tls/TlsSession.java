package dev.loopwork.tls;

import dev.loopwork.Connection;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the handshake of one connection settled, for its handler to see.
 *
 * <h2>Where to find it</h2>
 * The TLS stage stores it as the connection attribute {@value #ATTRIBUTE} when the handshake
 * completes, which is before the handler's {@code onOpen}. {@link #of(Connection)} reads it.
 *
 * <h2>Snapshot</h2>
 * Every value is copied when the handshake completes, so it stays readable after the connection
 * is closed and the engine freed. {@link #sslSession()} is the live object and may answer less
 * once the connection is closed (the OpenSSL engine's native state is freed then).
 */
public final class TlsSession {

    /** The connection attribute under which the stage stores the {@code TlsSession}. */
    public static final String ATTRIBUTE = "dev.loopwork.tls.session";

    private final TlsEngine engine;
    private final String protocol;
    private final String cipherSuite;
    private final String applicationProtocol;
    private final List<Certificate> peerCertificates;
    private final List<Certificate> localCertificates;
    private final List<String> serverNames;
    private final Duration handshakeDuration;
    private final SSLSession sslSession;

    TlsSession(TlsEngine engine, SSLEngine sslEngine, Duration handshakeDuration) {
        SSLSession session = sslEngine.getSession();
        this.engine = engine;
        this.sslSession = session;
        this.protocol = session.getProtocol();
        this.cipherSuite = session.getCipherSuite();
        String alpn = sslEngine.getApplicationProtocol();
        this.applicationProtocol = alpn == null || alpn.isEmpty() ? null : alpn;
        List<Certificate> peer;
        try {
            peer = List.of(session.getPeerCertificates());
        } catch (SSLPeerUnverifiedException e) {
            peer = List.of();
        }
        this.peerCertificates = peer;
        Certificate[] local = session.getLocalCertificates();
        this.localCertificates = local == null ? List.of() : List.of(local);
        this.serverNames = serverNames(sslEngine, session);
        this.handshakeDuration = handshakeDuration;
    }

    private static List<String> serverNames(SSLEngine sslEngine, SSLSession session) {
        List<SNIServerName> names = List.of();
        if (sslEngine.getUseClientMode()) {
            List<SNIServerName> sent = sslEngine.getSSLParameters().getServerNames();
            names = sent == null ? List.of() : sent;
        } else if (session instanceof ExtendedSSLSession) {
            try {
                names = ((ExtendedSSLSession) session).getRequestedServerNames();
            } catch (UnsupportedOperationException e) {
                names = List.of();
            }
        }
        List<String> result = new ArrayList<>(names.size());
        for (SNIServerName name : names) {
            if (name instanceof SNIHostName) {
                result.add(((SNIHostName) name).getAsciiName());
            }
        }
        return List.copyOf(result);
    }

    /** The session of {@code connection}, once its TLS handshake has completed. */
    public static Optional<TlsSession> of(Connection connection) {
        Object value = connection.attribute(ATTRIBUTE);
        return value instanceof TlsSession ? Optional.of((TlsSession) value) : Optional.empty();
    }

    /** The engine implementation that ran the handshake. */
    public TlsEngine engine() {
        return engine;
    }

    /** The negotiated protocol version, e.g. {@code TLSv1.3}. */
    public String protocol() {
        return protocol;
    }

    /** The negotiated cipher suite (Java name), e.g. {@code TLS_AES_128_GCM_SHA256}. */
    public String cipherSuite() {
        return cipherSuite;
    }

    /** The protocol chosen by ALPN, e.g. {@code http/1.1}; empty when ALPN was not used or found no match. */
    public Optional<String> applicationProtocol() {
        return Optional.ofNullable(applicationProtocol);
    }

    /** The peer's certificate chain, leaf first; empty when the peer sent none (a client without one). */
    public List<Certificate> peerCertificates() {
        return peerCertificates;
    }

    /** The chain this side presented; empty if none. */
    public List<Certificate> localCertificates() {
        return localCertificates;
    }

    /** SNI host names: those the client asked for (server side) or sent (client side). */
    public List<String> serverNames() {
        return serverNames;
    }

    /** From the stage's start to the handshake's completion. */
    public Duration handshakeDuration() {
        return handshakeDuration;
    }

    /** The engine's live session object (see the class comment). */
    public SSLSession sslSession() {
        return sslSession;
    }

    @Override
    public String toString() {
        return "TlsSession{" + engine + ' ' + protocol + ' ' + cipherSuite + ", alpn="
                + (applicationProtocol == null ? "none" : applicationProtocol) + ", sni=" + serverNames
                + ", peerCertificates=" + peerCertificates.size() + ", handshake=" + handshakeDuration.toMillis()
                + " ms}";
    }
}
