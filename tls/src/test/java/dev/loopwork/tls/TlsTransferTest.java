package dev.loopwork.tls;

import dev.loopwork.Stage;
import dev.loopwork.StageResult;
import dev.loopwork.tls.pump.Endpoint;
import dev.loopwork.tls.pump.StagePump;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Application data through two stages back to back, with the buffers the core would use and with tiny ones. */
class TlsTransferTest {

    private static final long MIB = 1024 * 1024;

    @ParameterizedTest(name = "client {0}, server {1}")
    @MethodSource("dev.loopwork.tls.TestTls#pairs")
    void sixtyFourMebibytesBothWays(TlsEngine clientEngine, TlsEngine serverEngine) throws Exception {
        Endpoint client = TestTls.clientEndpoint(TestTls.client(clientEngine));
        Endpoint server = TestTls.serverEndpoint(TestTls.server(serverEngine));
        SplittableRandom sizes = new SplittableRandom(7);
        client.send(64 * MIB, () -> 1 + sizes.nextInt(256 * 1024), 1);
        server.send(64 * MIB, () -> 1 + sizes.nextInt(64 * 1024), 2);
        StagePump pump = TestTls.pump(client, server);

        pump.handshake();
        pump.transferAll();

        assertEquals(64 * MIB, server.received());
        assertEquals(64 * MIB, client.received());
        assertEquals(client.sentSha256(), server.receivedSha256(), "client to server");
        assertEquals(server.sentSha256(), client.receivedSha256(), "server to client");
    }

    @ParameterizedTest(name = "client {0}, server {1}")
    @MethodSource("dev.loopwork.tls.TestTls#pairs")
    void tinyBuffersAndOneByteAtATime(TlsEngine clientEngine, TlsEngine serverEngine) throws Exception {
        TlsContext clientTls = TestTls.client(clientEngine);
        TlsContext serverTls = TestTls.server(serverEngine);
        Stage clientStage = clientTls.newStage("localhost", 8443);
        Stage serverStage = serverTls.newStage("localhost", 8443);
        // Every buffer exactly as small as the stage's contract allows; rx0 must hold one whole record.
        Endpoint client = new Endpoint("client", clientStage, true, clientStage.encodeCapacity() + 64,
                clientStage.decodeCapacity(), clientStage.encodeCapacity());
        Endpoint server = new Endpoint("server", serverStage, false, serverStage.encodeCapacity() + 64,
                serverStage.decodeCapacity(), serverStage.encodeCapacity());
        StagePump pump = TestTls.pump(client, server).wireChunk(() -> 1);

        pump.handshake();

        assertTrue(client.stage().isEstablished() && server.stage().isEstablished());
        SplittableRandom r = new SplittableRandom(3);
        client.send(MIB / 4, () -> 1 + r.nextInt(100), 5).readChunk(7);
        server.send(MIB / 2, () -> 1 + r.nextInt(40_000), 6).readChunk(3);
        pump.wireChunk(() -> 1 + r.nextInt(7000));
        pump.transferAll();

        assertEquals(client.sentSha256(), server.receivedSha256());
        assertEquals(server.sentSha256(), client.receivedSha256());
    }

    @ParameterizedTest(name = "client {0}, server {1}")
    @MethodSource("dev.loopwork.tls.TestTls#pairs")
    void partialRecordIsLeftInSourceUntilItIsComplete(TlsEngine clientEngine, TlsEngine serverEngine)
            throws Exception {
        Endpoint client = TestTls.clientEndpoint(TestTls.client(clientEngine));
        Endpoint server = TestTls.serverEndpoint(TestTls.server(serverEngine));
        TestTls.pump(client, server).handshake();
        // One record, encoded by hand.
        byte[] plain = new byte[10_000];
        new SplittableRandom(11).nextBytes(plain);
        Stage c = client.stage();
        ByteBuffer record = ByteBuffer.allocateDirect(c.encodeCapacity());
        StageResult enc = c.encode(new ByteBuffer[] {ByteBuffer.wrap(plain)}, 0, 1, record);
        assertEquals(plain.length, enc.consumed());
        record.flip();
        int size = record.remaining();
        assertTrue(size > plain.length, "a record carries a header and a tag");

        Stage s = server.stage();
        ByteBuffer dst = ByteBuffer.allocateDirect(s.decodeCapacity());
        for (int cut : new int[] {0, 1, 4, 5, 6, size / 2, size - 1}) {
            ByteBuffer src = ByteBuffer.allocateDirect(size);
            ByteBuffer part = record.duplicate();
            part.limit(cut);
            src.put(part).flip();
            StageResult r = s.decode(src, dst);
            assertEquals(StageResult.Status.NEED_INPUT, r.status(), "cut at " + cut + ": " + r);
            assertFalse(r.progressed(), "cut at " + cut + ": nothing may be consumed of a partial record");
            assertEquals(0, src.position(), "cut at " + cut + ": the partial record stays in src");
            assertEquals(0, dst.position());
        }
        ByteBuffer whole = ByteBuffer.allocateDirect(size + 3);
        whole.put(record.duplicate()).put(new byte[] {23, 3, 3}).flip(); // and the start of the next record
        StageResult r = s.decode(whole, dst);
        assertEquals(size, r.consumed(), r.toString());
        assertEquals(plain.length, r.produced());
        // The JDK checks for room before it looks at the next header, so either reason is fair here.
        assertTrue(r.status() == StageResult.Status.NEED_INPUT || r.status() == StageResult.Status.NEED_SPACE,
                r.toString());
        assertEquals(3, whole.remaining(), "the next record's first bytes stay in src");
        byte[] got = new byte[plain.length];
        dst.flip().get(got);
        assertArrayEquals(plain, got);
        dst.clear();
        r = s.decode(whole, dst);
        assertEquals(StageResult.Status.NEED_INPUT, r.status(), "with room, only input is missing: " + r);
        assertFalse(r.progressed());
        assertEquals(3, whole.remaining());
    }

    @ParameterizedTest(name = "client {0}, server {1}")
    @MethodSource("dev.loopwork.tls.TestTls#pairs")
    void smallDestinationGetsNeedSpaceAndNothingIsLost(TlsEngine clientEngine, TlsEngine serverEngine)
            throws Exception {
        Endpoint client = TestTls.clientEndpoint(TestTls.client(clientEngine));
        Endpoint server = TestTls.serverEndpoint(TestTls.server(serverEngine));
        TestTls.pump(client, server).handshake();
        byte[] plain = new byte[16_384];
        new SplittableRandom(12).nextBytes(plain);
        ByteBuffer wire = ByteBuffer.allocateDirect(2 * client.stage().encodeCapacity());
        StageResult enc = client.stage().encode(new ByteBuffer[] {ByteBuffer.wrap(plain)}, 0, 1, wire);
        assertEquals(plain.length, enc.consumed());
        wire.flip();

        ByteBuffer small = ByteBuffer.allocateDirect(1000);
        StageResult r = server.stage().decode(wire, small);
        assertEquals(StageResult.Status.NEED_SPACE, r.status(), r.toString());
        assertFalse(r.progressed(), "a record that does not fit is not consumed");
        ByteBuffer big = ByteBuffer.allocateDirect(server.stage().decodeCapacity());
        r = server.stage().decode(wire, big);
        assertEquals(plain.length, r.produced(), r.toString());
        assertFalse(wire.hasRemaining());

        ByteBuffer tooSmallForEncode = ByteBuffer.allocateDirect(100);
        r = client.stage().encode(new ByteBuffer[] {ByteBuffer.wrap(plain)}, 0, 1, tooSmallForEncode);
        assertEquals(StageResult.Status.NEED_SPACE, r.status(), r.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.loopwork.tls.TestTls#engines")
    void handshakeProceedsWhileTheApplicationPausedReadingAndDataWaits(TlsEngine engine) throws Exception {
        Endpoint client = TestTls.clientEndpoint(TestTls.client(engine));
        Endpoint server = TestTls.serverEndpoint(TestTls.server(engine));
        server.pauseReading(true);
        StagePump pump = TestTls.pump(client, server);

        pump.handshake();

        client.write(new byte[] {1, 2, 3, 4, 5});
        pump.quiesce();
        assertEquals(0, server.received(), "a paused application is not handed data");
        server.pauseReading(false);
        pump.runUntil(() -> server.received() == 5, "the buffered record delivered after resuming");
        assertEquals(client.sentSha256(), server.receivedSha256());
    }
}
