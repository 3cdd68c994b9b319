package dev.loopwork.tls.internal;

import dev.loopwork.tls.TlsConfigException;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;

/**
 * Builds the {@link X509TrustManager} both engines verify peers with: PKIX over trust anchors
 * from PEM, from a {@link KeyStore}, or the JDK's default trust store.
 */
public final class TrustManagers {

    private TrustManagers() {
    }

    /** PKIX trust in exactly {@code anchors}. */
    public static X509TrustManager fromCertificates(List<X509Certificate> anchors, String source) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (X509Certificate anchor : anchors) {
                store.setCertificateEntry("anchor-" + i++, anchor);
            }
            return fromKeyStore(store, source);
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsConfigException(source + ": cannot build a trust store: " + e, e);
        }
    }

    /** PKIX trust in the certificate entries of {@code store}. */
    public static X509TrustManager fromKeyStore(KeyStore store, String source) {
        try {
            boolean hasCertificate = false;
            for (String alias : Collections.list(store.aliases())) {
                if (store.isCertificateEntry(alias) || store.getCertificate(alias) != null) {
                    hasCertificate = true;
                    break;
                }
            }
            if (!hasCertificate) {
                throw new TlsConfigException(source + ": the trust store holds no certificate");
            }
            return fromFactory(store, source);
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException(source + ": cannot use the trust store: " + e, e);
        }
    }

    /** The JDK's default trust anchors ({@code cacerts}, or {@code javax.net.ssl.trustStore}). */
    public static X509TrustManager systemDefault() {
        try {
            return fromFactory(null, "the JDK's default trust store");
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException("the JDK's default trust store cannot be loaded: " + e, e);
        }
    }

    private static X509TrustManager fromFactory(KeyStore store, String source) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager tm : factory.getTrustManagers()) {
            if (tm instanceof X509TrustManager) {
                return (X509TrustManager) tm;
            }
        }
        throw new TlsConfigException(source + ": the TrustManagerFactory made no X509TrustManager");
    }
}
