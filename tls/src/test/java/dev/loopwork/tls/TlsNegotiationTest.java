package dev.loopwork.tls;

import dev.loopwork.tls.internal.SslEngineStage;
import dev.loopwork.tls.pump.Endpoint;
import dev.loopwork.tls.pump.StagePump;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import java.util.Locale;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ALPN, protocol and cipher-suite policy, hostname verification and renegotiation. */
class TlsNegotiationTest {

    private static Endpoint[] handshake(TlsContext clientTls, TlsContext serverTls) throws Exception {
        Endpoint client = TestTls.clientEndpoint(clientTls);
        Endpoint server = TestTls.serverEndpoint(serverTls);
        TestTls.pump(client, server).handshake();
        return new Endpoint[] {client, server};
    }

    @ParameterizedTest(name = "client {0}, server {1}")
    @MethodSource("dev.loopwork.tls.TestTls#pairs")
    void alpnPicksTheServersPreferenceAmongWhatTheClientOffers(TlsEngine clientEngine, TlsEngine serverEngine)
            throws Exception {
        TlsContext server = TestTls.server(serverEngine, b -> b.applicationProtocols("h2", "http/1.1"));

        Endpoint[] both = handshake(TestTls.client(clientEngine, b -> b.applicationProtocols("http/1.1", "h2")), server);
        assertEquals(Optional.of("h2"), TestTls.session(both[0]).applicationProtocol());
        assertEquals(Optional.of("h2"), TestTls.session(both[1]).applicationProtocol());

        both = handshake(TestTls.client(clientEngine, b -> b.applicationProtocols("http/1.1")), server);
        assertEquals(Optional.of("http/1.1"), TestTls.session(both[0]).applicationProtocol());
        assertEquals(Optional.of("http/1.1"), TestTls.session(both[1]).applicationProtocol());

        both = handshake(TestTls.client(clientEngine, b -> b.applicationProtocols("spdy/3")), server);
        assertEquals(Optional.empty(), TestTls.session(both[0]).applicationProtocol(),
                "no common protocol: the handshake completes without ALPN");
        assertEquals(Optional.empty(), TestTls.session(both[1]).applicationProtocol());

        both = handshake(TestTls.client(clientEngine), server);
        assertEquals(Optional.empty(), TestTls.session(both[1]).applicationProtocol(), "client without ALPN");
    }

    @ParameterizedTest(name = "client {0}, server {1}")
    @MethodSource("dev.loopwork.tls.TestTls#pairs")
    void tls12ClientGetsAnAeadSuite(TlsEngine clientEngine, TlsEngine serverEngine) throws Exception {
        Endpoint[] both = handshake(TestTls.client(clientEngine, b -> b.protocols("TLSv1.2")),
                TestTls.server(serverEngine));
        TlsSession s = TestTls.session(both[1]);
        assertEquals("TLSv1.2", s.protocol());
        assertTrue(s.cipherSuite().contains("_GCM_") || s.cipherSuite().contains("_CHACHA20_POLY1305_"),
                s.cipherSuite());
    }

    @ParameterizedTest(name = "server {0}")
    @MethodSource("dev.loopwork.tls.TestTls#engines")
    void tls11OnlyPeerIsRefused(TlsEngine serverEngine) throws Exception {
        // The JDK disables TLS 1.1 for its own clients, so BoringSSL plays the old client.
        TestTls.assumeAvailable(TlsEngine.OPENSSL);
        SSLEngine old = RawPeers.openSslClient(new String[] {"TLSv1.1"},
                new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"});
        assertServerRefuses(old, serverEngine, "protocol");
    }

    @ParameterizedTest(name = "server {0}")
    @MethodSource("dev.loopwork.tls.TestTls#engines")
    void cbcOnlyPeerIsRefused(TlsEngine serverEngine) throws Exception {
        SSLEngine cbc = RawPeers.jdkClient(new String[] {"TLSv1.2"}, new String[] {
                "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
                "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"});
        assertServerRefuses(cbc, serverEngine, "cipher");
    }

    private static void assertServerRefuses(SSLEngine peer, TlsEngine serverEngine, String topic) throws Exception {
        SslEngineStage peerStage = RawPeers.stage(peer);
        Endpoint client = new Endpoint("old-client", peerStage, true, 0, 0, 0);
        Endpoint server = TestTls.serverEndpoint(TestTls.server(serverEngine));
        StagePump pump = TestTls.pump(client, server);
        SSLException e = assertThrows(SSLException.class, pump::handshake);
        SslEngineStage serverStage = (SslEngineStage) server.stage();
        assertTrue(serverStage.failure().isPresent(), "the server refused, not the client: " + e + " " + pump);
        assertInstanceOf(SSLHandshakeException.class, serverStage.failure().get());
        assertTrue(!server.stage().isEstablished(), String.valueOf(server.stage()));
        String message = String.valueOf(serverStage.failure().get().getMessage()).toLowerCase(Locale.ROOT);
        assertTrue(message.contains(topic) || message.contains("handshake") || message.contains("version"),
                "the failure names what did not match: " + message);
        peerStage.release();
    }

    @ParameterizedTest(name = "server {0}")
    @MethodSource("dev.loopwork.tls.TestTls#engines")
    void clientInitiatedRenegotiationIsRefused(TlsEngine serverEngine) throws Exception {
        // Only a TLS 1.2 JDK client still starts a renegotiation when asked.
        SSLEngine renegotiating = RawPeers.jdkClient(new String[] {"TLSv1.2"}, null);
        SslEngineStage peerStage = RawPeers.stage(renegotiating);
        Endpoint client = new Endpoint("renegotiating-client", peerStage, true, 0, 0, 0);
        Endpoint server = TestTls.serverEndpoint(TestTls.server(serverEngine));
        StagePump pump = TestTls.pump(client, server);
        pump.handshake();
        client.send(50_000, () -> 5_000, 1);
        pump.transferAll();

        renegotiating.beginHandshake();
        assertTrue(client.stage().needsEncode(), "the client has a new ClientHello to send");
        SSLException e = assertThrows(SSLException.class, () -> pump.runUntil(() -> false, "a failure"));

        SslEngineStage serverStage = (SslEngineStage) server.stage();
        assertTrue(serverStage.failure().isPresent(), "the server refused: " + e);
        assertTrue(serverStage.failure().get().getMessage().toLowerCase(Locale.ROOT).contains("renegotiat"),
                serverStage.failure().get().getMessage());
        if (serverEngine == TlsEngine.JDK) {
            assertInstanceOf(TlsRenegotiationException.class, serverStage.failure().get());
        }
        assertEquals(50_000, server.received(), "data before the renegotiation attempt was delivered");
        peerStage.release();
    }

    @ParameterizedTest(name = "client {0}")
    @MethodSource("dev.loopwork.tls.TestTls#engines")
    void wrongHostNameIsRefusedByTheClient(TlsEngine clientEngine) throws Exception {
        TlsContext clientTls = TestTls.client(clientEngine, b -> b.serverName("www.example.com"));
        Endpoint client = TestTls.clientEndpoint(clientTls);
        Endpoint server = TestTls.serverEndpoint(TestTls.server(TlsEngine.JDK));
        assertThrows(SSLHandshakeException.class, () -> TestTls.pump(client, server).handshake());
        assertTrue(((SslEngineStage) client.stage()).failure().isPresent(), "the client refused");
    }

    @ParameterizedTest(name = "client {0}")
    @MethodSource("dev.loopwork.tls.TestTls#engines")
    void untrustedCertificateIsRefusedByTheClient(TlsEngine clientEngine) throws Exception {
        TestTls.assumeAvailable(clientEngine);
        TlsContext clientTls = TlsContext.create(TestTls.RSA.clientConfig().engine(clientEngine).build());
        Endpoint client = TestTls.clientEndpoint(clientTls);
        Endpoint server = TestTls.serverEndpoint(TestTls.server(TlsEngine.JDK));
        assertThrows(SSLHandshakeException.class, () -> TestTls.pump(client, server).handshake());
        assertTrue(((SslEngineStage) client.stage()).failure().isPresent(), "the client refused");
    }

    @ParameterizedTest(name = "client {0}")
    @MethodSource("dev.loopwork.tls.TestTls#engines")
    void insecureTrustAllAcceptsAnyCertificateAndSkipsHostnames(TlsEngine clientEngine) throws Exception {
        TestTls.assumeAvailable(clientEngine);
        TlsConfig config = TlsConfig.client().insecureTrustAllCertificatesForTestsOnly().serverName("www.example.com")
                .engine(clientEngine).build();
        assertTrue(config.isInsecureTrustAll());
        assertTrue(!config.hostnameVerification());
        Endpoint[] both = handshake(TlsContext.create(config), TestTls.server(TlsEngine.JDK));
        assertEquals("TLSv1.3", TestTls.session(both[0]).protocol());
    }

    @Test
    void mutualTlsWhenTheServerRequiresAClientCertificate() throws Exception {
        for (TlsEngine engine : new TlsEngine[] {TlsEngine.JDK, TlsEngine.OPENSSL}) {
            if (engine == TlsEngine.OPENSSL && !TlsContext.isOpenSslAvailable()) {
                continue;
            }
            TlsContext server = TestTls.server(engine, b -> b.clientAuth(ClientAuth.REQUIRE)
                    .trustCertificates(TestTls.RSA.certificateFile()));
            TlsContext withCert = TestTls.client(engine, b -> b.keyAndCertificateChain(TestTls.RSA.privateKeyFile(),
                    TestTls.RSA.certificateFile()));
            Endpoint[] both = handshake(withCert, server);
            assertEquals(TestTls.RSA.certificate(), TestTls.session(both[1]).peerCertificates().get(0), engine.name());

            Endpoint client = TestTls.clientEndpoint(TestTls.client(engine));
            Endpoint s = TestTls.serverEndpoint(server);
            assertThrows(SSLException.class, () -> TestTls.pump(client, s).handshake(),
                    engine + ": a client without a certificate is refused");
        }
    }
}
