package dev.loopwork.tls.internal;

import dev.loopwork.tls.ClientAuth;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.util.List;

/**
 * What an {@link EngineFactory} needs to make engines, already checked and loaded by
 * {@code TlsConfig}: the same settings give the JDK and the OpenSSL engine the same behaviour.
 *
 * @param client               client or server engines
 * @param keyManagers          the local key and chain; {@code null} for a client without one
 * @param trustManager         verifies the peer; {@code null} for a server that asks no certificate
 * @param protocols            enabled protocol versions, in preference order
 * @param cipherSuites         enabled cipher suites (Java names), in preference order
 * @param applicationProtocols ALPN names, in preference order; empty for no ALPN
 * @param serverName           SNI name for a client, or {@code null} to derive it from the peer host
 * @param hostnameVerification whether a client checks the server certificate against the host name
 * @param clientAuth           whether a server asks for a client certificate
 */
public record EngineSettings(boolean client, KeyManagerFactory keyManagers, X509TrustManager trustManager,
                             List<String> protocols, List<String> cipherSuites, List<String> applicationProtocols,
                             String serverName, boolean hostnameVerification, ClientAuth clientAuth) {

    public EngineSettings {
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
        applicationProtocols = List.copyOf(applicationProtocols);
    }
}
