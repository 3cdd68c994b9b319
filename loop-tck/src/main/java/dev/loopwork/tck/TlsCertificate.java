package dev.loopwork.tck;

import dev.loopwork.tls.SelfSignedCertificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * The one certificate of the TLS cases: a self-signed EC P-256 certificate for {@code localhost},
 * made by {@link SelfSignedCertificate} on first use and shared by every case of the JVM (never
 * downloaded, never read from the project). Its PEM files are deleted when the JVM exits.
 *
 * <h2>Raw JDK clients</h2>
 * {@link #newTrustingJdkContext()} makes an {@link SSLContext} that trusts exactly this certificate,
 * for the cases' hand-driven {@code SSLEngine} clients (they verify the host name too). A new one
 * per client, so that no client resumes another's session: every handshake is a full one.
 */
final class TlsCertificate {

    /** The host name the certificate is for and the clients ask for (SNI and verification). */
    static final String HOST = "localhost";

    private static SelfSignedCertificate certificate;
    private static TrustManagerFactory trust;

    private TlsCertificate() {
    }

    static synchronized SelfSignedCertificate get() {
        if (certificate == null) {
            SelfSignedCertificate c = SelfSignedCertificate.generate(SelfSignedCertificate.KeyType.EC_P256, HOST);
            Runtime.getRuntime().addShutdownHook(new Thread(c::close, "tck-delete-certificate"));
            certificate = c;
        }
        return certificate;
    }

    static synchronized SSLContext newTrustingJdkContext() {
        try {
            if (trust == null) {
                KeyStore anchors = KeyStore.getInstance("PKCS12");
                anchors.load(null, null);
                anchors.setCertificateEntry(HOST, get().certificate());
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(anchors);
                trust = tmf;
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot make a JDK SSLContext trusting the kit's certificate: " + e, e);
        }
    }
}
