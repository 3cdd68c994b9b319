package dev.loopwork.tls;

import dev.loopwork.tls.internal.SslEngineStage;
import dev.loopwork.tls.pump.Endpoint;
import dev.loopwork.tls.pump.StagePump;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** close_notify both ways, and truncation (FIN without close_notify) detected, for both protocol versions. */
class TlsCloseTest {

    static Stream<Arguments> pairsAndProtocols() {
        return TestTls.pairs().flatMap(a -> Stream.of("TLSv1.3", "TLSv1.2")
                .map(p -> Arguments.of(a.get()[0], a.get()[1], p)));
    }

    private static StagePump established(Endpoint client, Endpoint server, String protocol) throws IOException {
        StagePump pump = TestTls.pump(client, server);
        pump.handshake();
        assertEquals(protocol, TestTls.session(client).protocol());
        return pump;
    }

    @ParameterizedTest(name = "client {0}, server {1}, {2}")
    @MethodSource("pairsAndProtocols")
    void closeNotifyBothWaysAfterAllData(TlsEngine clientEngine, TlsEngine serverEngine, String protocol)
            throws Exception {
        Endpoint client = TestTls.clientEndpoint(TestTls.client(clientEngine, b -> b.protocols(protocol)));
        Endpoint server = TestTls.serverEndpoint(TestTls.server(serverEngine));
        StagePump pump = established(client, server, protocol);
        client.send(300_000, () -> 10_000, 1);
        server.send(200_000, () -> 7_000, 2);
        pump.transferAll();

        client.shutdownOutput();
        assertTrue(client.stage().needsEncode(), "close_notify is to be sent");
        pump.runUntil(server::inboundClosed, "close_notify received by the server");
        assertTrue(server.stage().isInboundDone());
        assertTrue(client.stage().isOutboundDone());
        assertFalse(client.stage().needsEncode(), "nothing more to send once close_notify is out");

        server.shutdownOutput();
        pump.runUntil(() -> client.inboundClosed() && client.endOfInputSignalled() && server.endOfInputSignalled(),
                "close_notify and FIN both ways");
        assertTrue(client.stage().isInboundDone());
        assertTrue(server.stage().isOutboundDone());
        assertNull(client.endOfInputFailure(), "a FIN after close_notify is a clean end");
        assertNull(server.endOfInputFailure(), "a FIN after close_notify is a clean end");
        assertEquals(client.sentSha256(), server.receivedSha256());
        assertEquals(server.sentSha256(), client.receivedSha256());
    }

    @ParameterizedTest(name = "client {0}, server {1}")
    @MethodSource("dev.loopwork.tls.TestTls#pairs")
    void closeRequestedWithManyWritesQueuedSendsThemAllFirst(TlsEngine clientEngine, TlsEngine serverEngine)
            throws Exception {
        // A roomy output buffer (the core's pool may hand out more than encodeCapacity()), so that
        // one encode call can empty a whole batch of queued writes.
        Endpoint client = new Endpoint("client", TestTls.client(clientEngine).newStage("localhost", 8443), true,
                0, 0, 1024 * 1024);
        Endpoint server = TestTls.serverEndpoint(TestTls.server(serverEngine));
        StagePump pump = established(client, server, "TLSv1.3");
        for (int i = 0; i < 300; i++) {
            byte[] b = new byte[1000];
            java.util.Arrays.fill(b, (byte) i);
            client.write(b);
        }
        client.shutdownOutput(); // asked while 300 writes wait, as the core may ask
        pump.runUntil(server::inboundClosed, "close_notify received by the server");
        assertEquals(300_000, server.received(), "every byte written before the close arrives before it");
        assertEquals(client.sentSha256(), server.receivedSha256());
    }

    @ParameterizedTest(name = "client {0}, server {1}, {2}")
    @MethodSource("pairsAndProtocols")
    void finWithoutCloseNotifyIsTruncation(TlsEngine clientEngine, TlsEngine serverEngine, String protocol)
            throws Exception {
        Endpoint client = TestTls.clientEndpoint(TestTls.client(clientEngine, b -> b.protocols(protocol)));
        Endpoint server = TestTls.serverEndpoint(TestTls.server(serverEngine));
        StagePump pump = established(client, server, protocol);
        client.send(100_000, () -> 9_000, 3);
        pump.transferAll();

        client.finWithoutCloseNotify();
        pump.runUntil(server::endOfInputSignalled, "FIN seen by the server");

        IOException e = server.endOfInputFailure();
        assertInstanceOf(TlsTruncationException.class, e);
        assertTrue(e.getMessage().contains("truncation") && e.getMessage().contains("without close_notify")
                && e.getMessage().contains("100000 application bytes"), e.getMessage());
        assertFalse(server.stage().isInboundDone());
        assertTrue(((SslEngineStage) server.stage()).failure().isPresent());
    }

    @ParameterizedTest(name = "client {0}, server {1}")
    @MethodSource("dev.loopwork.tls.TestTls#pairs")
    void finDuringTheHandshakeIsTruncation(TlsEngine clientEngine, TlsEngine serverEngine) throws Exception {
        Endpoint client = TestTls.clientEndpoint(TestTls.client(clientEngine));
        Endpoint server = TestTls.serverEndpoint(TestTls.server(serverEngine));
        StagePump pump = TestTls.pump(client, server);
        pump.runUntil(() -> !client.stage().needsEncode(), "ClientHello sent");
        client.finWithoutCloseNotify();
        pump.runUntil(server::endOfInputSignalled, "FIN seen by the server");

        IOException e = server.endOfInputFailure();
        assertInstanceOf(TlsTruncationException.class, e);
        assertTrue(e.getMessage().contains("during the handshake"), e.getMessage());
        assertFalse(server.stage().isEstablished());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.loopwork.tls.TestTls#engines")
    void closeBeforeTheHandshakeEndsCleanly(TlsEngine engine) throws Exception {
        Endpoint client = TestTls.clientEndpoint(TestTls.client(engine));
        Endpoint server = TestTls.serverEndpoint(TestTls.server(engine));
        StagePump pump = TestTls.pump(client, server);
        pump.runUntil(() -> !client.stage().needsEncode(), "ClientHello sent");

        server.shutdownOutput();
        pump.quiesce();

        assertFalse(server.stage().needsEncode(), "a closing stage must not ask for encodes forever");
        assertTrue(server.stage().isOutboundDone());
        assertTrue(server.loop().timers().get(0).isCancelled(), "closing ends the handshake timer's job");
    }
}
