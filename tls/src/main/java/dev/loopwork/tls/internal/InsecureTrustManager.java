package dev.loopwork.tls.internal;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.X509Certificate;

/**
 * Accepts every certificate, unchecked. Only reachable through
 * {@code TlsConfig.Builder.insecureTrustAllCertificatesForTestsOnly()}, which logs a warning.
 * Extends {@link X509ExtendedTrustManager} so that the JDK does not wrap it with its own
 * hostname check.
 */
public final class InsecureTrustManager extends X509ExtendedTrustManager {

    public static final InsecureTrustManager INSTANCE = new InsecureTrustManager();

    private static final X509Certificate[] NONE = new X509Certificate[0];

    private InsecureTrustManager() {
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NONE;
    }

    @Override
    public String toString() {
        return "InsecureTrustManager(trusts everything)";
    }
}
