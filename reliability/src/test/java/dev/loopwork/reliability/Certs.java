package dev.loopwork.reliability;

import dev.loopwork.tls.SelfSignedCertificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/** One self-signed certificate for the whole run, and a JDK client context that trusts only it. */
final class Certs {

    private static SelfSignedCertificate cert;
    private static SSLContext client;

    private Certs() {
    }

    static synchronized SelfSignedCertificate get() {
        if (cert == null) {
            cert = SelfSignedCertificate.generate(SelfSignedCertificate.KeyType.EC_P256, "localhost");
            SelfSignedCertificate c = cert;
            Runtime.getRuntime().addShutdownHook(new Thread(c::close, "rel-cert-cleanup"));
        }
        return cert;
    }

    /** An {@link SSLContext} (TLS 1.2/1.3) whose trust is exactly {@link #get()}'s certificate. */
    static synchronized SSLContext clientContext() {
        if (client == null) {
            try {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                ks.setCertificateEntry("server", get().certificate());
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), null);
                client = ctx;
            } catch (GeneralSecurityException | java.io.IOException e) {
                throw new IllegalStateException("cannot build the test's TLS client context", e);
            }
        }
        return client;
    }
}
