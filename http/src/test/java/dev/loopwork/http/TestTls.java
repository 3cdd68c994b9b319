package dev.loopwork.http;

import dev.loopwork.tls.SelfSignedCertificate;
import dev.loopwork.tls.TlsContext;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;

/**
 * A self-signed certificate for {@code localhost} (and 127.0.0.1), the server's {@link TlsContext},
 * and what the clients need to trust it: an {@link SSLContext} for the JDK {@link HttpClient}, the
 * PEM file for curl's {@code --cacert}. {@link #close()} deletes the files.
 */
final class TestTls implements AutoCloseable {

    final SelfSignedCertificate cert;
    final TlsContext context;
    private final SSLContext clientContext;

    TestTls() {
        this("http/1.1");
    }

    /** With the server's ALPN names, e.g. {@code "h2", "http/1.1"} for the HTTP/2 tests. */
    TestTls(String... alpn) {
        cert = SelfSignedCertificate.generate();
        context = TlsContext.create(cert.serverConfig().applicationProtocols(alpn).build());
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("test", cert.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            clientContext = SSLContext.getInstance("TLS");
            clientContext.init(null, tmf.getTrustManagers(), null);
        } catch (GeneralSecurityException | java.io.IOException e) {
            cert.close();
            throw new AssertionError("cannot trust the test certificate", e);
        }
    }

    /** {@code http} with the TLS stage added in the setup hook; the HTTP layer itself is unchanged. */
    HttpServer.Builder wrap(HttpServer.Builder http) {
        return http.setup(setup -> setup.addStage(context.newStage(setup)));
    }

    /** A client context that trusts the certificate. */
    SSLContext clientContext() {
        return clientContext;
    }

    /** An HTTP/1.1 client builder that trusts the certificate. */
    HttpClient.Builder client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(clientContext);
    }

    /** curl's arguments to trust the certificate. */
    List<String> curlArgs() {
        return List.of("--cacert", cert.certificateFile().toString());
    }

    @Override
    public void close() {
        cert.close();
    }
}
