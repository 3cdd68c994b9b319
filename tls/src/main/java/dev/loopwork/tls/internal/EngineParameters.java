package dev.loopwork.tls.internal;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.util.List;

/**
 * The per-connection settings both engine kinds take through {@link SSLParameters}: SNI, hostname
 * verification, server cipher order. Kept in one place so that JDK and OpenSSL engines agree.
 */
final class EngineParameters {

    private EngineParameters() {
    }

    /** Applies SNI and endpoint identification (clients) or cipher order (servers). */
    static void apply(SSLEngine engine, EngineSettings settings, String peerHost) {
        SSLParameters p = engine.getSSLParameters();
        if (settings.client()) {
            String sni = settings.serverName() != null ? settings.serverName() : peerHost;
            SNIHostName name = sniHostName(sni);
            p.setServerNames(name == null ? List.<SNIServerName>of() : List.<SNIServerName>of(name));
            p.setEndpointIdentificationAlgorithm(settings.hostnameVerification() ? "HTTPS" : null);
        } else {
            p.setUseCipherSuitesOrder(true);
        }
        engine.setSSLParameters(p);
    }

    /** {@code host} as an SNI name, or {@code null} for an IP literal or a name SNI cannot carry. */
    static SNIHostName sniHostName(String host) {
        if (host == null || host.isEmpty() || isIpLiteral(host)) {
            return null;
        }
        try {
            return new SNIHostName(host);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true; // IPv6
        }
        int dots = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '.') {
                dots++;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return dots == 3;
    }
}
