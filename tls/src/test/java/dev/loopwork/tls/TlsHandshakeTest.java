package dev.loopwork.tls;

import dev.loopwork.tls.pump.Endpoint;
import dev.loopwork.tls.pump.FakeLoop;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TlsHandshakeTest {

    @ParameterizedTest(name = "client {0}, server {1}")
    @MethodSource("dev.loopwork.tls.TestTls#pairs")
    void handshakeCompletesAndPublishesTheSession(TlsEngine clientEngine, TlsEngine serverEngine) throws Exception {
        Endpoint client = TestTls.clientEndpoint(TestTls.client(clientEngine));
        Endpoint server = TestTls.serverEndpoint(TestTls.server(serverEngine));
        assertFalse(client.stage().isEstablished());
        assertFalse(server.stage().isEstablished());
        assertTrue(client.stage().needsEncode(), "a client speaks first");
        assertTrue(server.stage().needsDecode(), "a server waits for the ClientHello even if reading is paused");

        TestTls.pump(client, server).handshake();

        TlsSession c = TestTls.session(client);
        TlsSession s = TestTls.session(server);
        assertEquals("TLSv1.3", c.protocol(), "TLS 1.3 is preferred by default");
        assertEquals(c.protocol(), s.protocol());
        assertEquals(c.cipherSuite(), s.cipherSuite());
        assertTrue(TlsConfig.DEFAULT_CIPHER_SUITES.contains(c.cipherSuite()), c.cipherSuite());
        assertEquals(clientEngine, c.engine());
        assertEquals(serverEngine, s.engine());
        assertEquals(List.of("localhost"), s.serverNames(), "the client sends SNI for the host it verifies");
        X509Certificate peer = (X509Certificate) c.peerCertificates().get(0);
        assertEquals(TestTls.EC.certificate(), peer);
        assertTrue(s.peerCertificates().isEmpty(), "no client certificate was asked for");
        assertTrue(c.applicationProtocol().isEmpty());
        assertTrue(c.toString().contains("TLSv1.3"), c.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.loopwork.tls.TestTls#engines")
    void handshakeTimerIsArmedAtStartAndCancelledWhenEstablished(TlsEngine engine) throws Exception {
        Endpoint client = TestTls.clientEndpoint(TestTls.client(engine));
        Endpoint server = TestTls.serverEndpoint(TestTls.server(engine, b -> b.handshakeTimeout(Duration.ofSeconds(3))));
        FakeLoop.Timer timer = server.loop().timers().get(0);
        assertEquals(Duration.ofSeconds(3).toNanos(), timer.delayNanos());
        assertEquals(Duration.ofSeconds(10).toNanos(), client.loop().timers().get(0).delayNanos(),
                "the default handshake timeout is 10 s");

        TestTls.pump(client, server).handshake();

        assertTrue(timer.isCancelled(), "an established stage cancels its handshake timer");
        assertTrue(client.loop().timers().get(0).isCancelled());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.loopwork.tls.TestTls#engines")
    void handshakeTimeoutFailsTheConnection(TlsEngine engine) throws Exception {
        Endpoint client = TestTls.clientEndpoint(TestTls.client(engine));
        Endpoint server = TestTls.serverEndpoint(TestTls.server(engine));
        // The client never sends its ClientHello (a slowloris); the loop's timer fires.
        assertTrue(server.stage().needsDecode());
        server.loop().timers().get(0).fire();

        assertEquals(1, server.context().failures().size());
        Throwable cause = server.context().failures().get(0);
        assertTrue(cause instanceof TlsHandshakeTimeoutException, String.valueOf(cause));
        assertTrue(cause.getMessage().contains("did not complete within 10000 ms"), cause.getMessage());
        assertFalse(server.stage().isEstablished());
        assertFalse(server.stage().needsEncode(), "a failed stage has nothing more to send");
    }

    @ParameterizedTest(name = "client {0}, server {1}")
    @MethodSource("dev.loopwork.tls.TestTls#pairs")
    void rsaCertificatesWorkToo(TlsEngine clientEngine, TlsEngine serverEngine) throws Exception {
        TestTls.assumeAvailable(clientEngine);
        TestTls.assumeAvailable(serverEngine);
        TlsContext server = TlsContext.create(TestTls.RSA.serverConfig().engine(serverEngine).build());
        TlsContext client = TlsContext.create(TestTls.RSA.clientConfig().engine(clientEngine)
                .protocols("TLSv1.2").build());
        Endpoint c = TestTls.clientEndpoint(client);
        Endpoint s = TestTls.serverEndpoint(server);
        TestTls.pump(c, s).handshake();
        assertEquals("TLSv1.2", TestTls.session(c).protocol());
        assertTrue(TestTls.session(c).cipherSuite().startsWith("TLS_ECDHE_RSA_WITH_"), TestTls.session(c).cipherSuite());
    }
}
