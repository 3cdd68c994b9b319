package dev.loopwork.tck.faults;

import dev.loopwork.ConnectionInitializer;
import dev.loopwork.tck.TckContext;
import dev.loopwork.tls.SelfSignedCertificate;
import dev.loopwork.tls.TlsContext;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;

/**
 * TLS for the fault cases: the server's TLS stage (JDK engine) over a self-signed certificate made
 * once per JVM (deleted at exit), and blocking JDK {@link SSLSocket} clients that trust exactly it.
 */
final class FaultTls {

    static final String HOST = "localhost";
    private static SelfSignedCertificate certificate;
    private static TlsContext server;
    private static SSLContext client;

    private FaultTls() {
    }

    private static synchronized void init() {
        if (certificate != null) {
            return;
        }
        SelfSignedCertificate c = SelfSignedCertificate.generate(SelfSignedCertificate.KeyType.EC_P256, HOST);
        Runtime.getRuntime().addShutdownHook(new Thread(c::close, "faults-delete-certificate"));
        try {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            anchors.setCertificateEntry(HOST, c.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(anchors);
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(null, tmf.getTrustManagers(), null);
            client = ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a JDK SSLContext trusting the test certificate: " + e, e);
        }
        server = TlsContext.create(c.serverConfig().build());
        certificate = c;
    }

    /** Puts a server TLS stage next to the socket, then runs {@code next}. */
    static ConnectionInitializer server(ConnectionInitializer next) {
        init();
        TlsContext tls = server;
        return setup -> {
            setup.addStage(tls.newStage(setup));
            return next.initialize(setup);
        };
    }

    /** A TLS 1.3 client over a connected blocking socket, tracked by {@code ctx}, handshake done. */
    static SSLSocket connect(TckContext ctx, Socket raw, InetSocketAddress address) throws IOException {
        init();
        SSLSocket s = ctx.track((SSLSocket) client.getSocketFactory().createSocket(raw, HOST, address.getPort(), true));
        SSLParameters p = s.getSSLParameters();
        p.setProtocols(new String[] {"TLSv1.3"});
        p.setEndpointIdentificationAlgorithm("HTTPS");
        p.setServerNames(List.of(new SNIHostName(HOST)));
        s.setSSLParameters(p);
        s.startHandshake();
        return s;
    }
}
