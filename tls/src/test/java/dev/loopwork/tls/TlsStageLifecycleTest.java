package dev.loopwork.tls;

import dev.loopwork.BufferPool;
import dev.loopwork.ClosedException;
import dev.loopwork.ConnectionHandler;
import dev.loopwork.ConnectionSetup;
import dev.loopwork.Loop;
import dev.loopwork.Stage;
import dev.loopwork.tls.internal.SslEngineStage;
import dev.loopwork.tls.pump.Endpoint;
import dev.loopwork.tls.pump.FakeLoop;
import io.netty.util.ReferenceCounted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TlsStageLifecycleTest {

    /** A setup that records the stages added. */
    private static final class RecordingSetup implements ConnectionSetup {
        final List<Stage> stages = new ArrayList<>();
        final boolean client;

        RecordingSetup(boolean client) {
            this.client = client;
        }

        @Override
        public boolean isClient() {
            return client;
        }

        @Override
        public InetSocketAddress localAddress() {
            return new InetSocketAddress("127.0.0.1", 40000);
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return InetSocketAddress.createUnresolved("localhost", 8443);
        }

        @Override
        public Loop loop() {
            return new FakeLoop();
        }

        @Override
        public BufferPool buffers() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ConnectionSetup addStage(Stage stage) {
            stages.add(stage);
            return this;
        }
    }

    @Test
    void openSslEngineIsFreedOnReleaseOnce() throws Exception {
        TestTls.assumeAvailable(TlsEngine.OPENSSL);
        Endpoint client = TestTls.clientEndpoint(TestTls.client(TlsEngine.OPENSSL));
        Endpoint server = TestTls.serverEndpoint(TestTls.server(TlsEngine.OPENSSL));
        TestTls.pump(client, server).handshake();
        ReferenceCounted engine = (ReferenceCounted) ((SslEngineStage) server.stage()).engine();
        assertEquals(1, engine.refCnt());

        server.stage().release();
        assertEquals(0, engine.refCnt(), "release() frees the native SSL object");
        server.stage().release(); // exactly-once is the core's promise; a second call must not double-free
        assertEquals(0, engine.refCnt());
        assertTrue(server.stage().toString().contains("released"), server.stage().toString());
        assertThrows(ClosedException.class,
                () -> server.stage().decode(ByteBuffer.allocate(10), ByteBuffer.allocate(20_000)));
        assertFalse(server.stage().needsEncode());
        assertFalse(server.stage().needsDecode());
        assertEquals(TestTls.session(server).protocol(), "TLSv1.3", "the session snapshot outlives the engine");
        client.stage().release();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.loopwork.tls.TestTls#engines")
    void releaseBeforeTheHandshakeCancelsTheTimer(TlsEngine engine) throws Exception {
        Endpoint server = TestTls.serverEndpoint(TestTls.server(engine));
        FakeLoop.Timer timer = server.loop().timers().get(0);
        server.stage().release();
        assertTrue(timer.isCancelled());
        timer.fire();
        assertTrue(server.context().failures().isEmpty(), "a released stage fails nothing");
    }

    @Test
    void usedBeforeStartOrStartedTwiceIsAnError() throws Exception {
        TlsContext tls = TestTls.client(TlsEngine.JDK);
        Stage stage = tls.newStage("localhost", 8443);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> stage.encode(new ByteBuffer[0], 0, 0, ByteBuffer.allocate(20_000)));
        assertTrue(e.getMessage().contains("before start()"), e.getMessage());
        Endpoint started = new Endpoint("client", stage, true, 0, 0, 0);
        assertThrows(IllegalStateException.class, () -> stage.start(started.context()));
        stage.release();
    }

    @Test
    void contextMakesStagesForItsSideOnly() {
        TlsContext server = TestTls.server(TlsEngine.JDK);
        RecordingSetup accepted = new RecordingSetup(false);
        ConnectionHandler handler = (c, data) -> data.position(data.limit());
        ConnectionHandler made;
        try {
            made = server.wrap(setup -> handler).initialize(accepted);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertSame(handler, made);
        assertEquals(1, accepted.stages.size());
        assertTrue(accepted.stages.get(0) instanceof SslEngineStage);
        assertTrue(accepted.stages.get(0).toString().contains("server JDK peer=localhost:8443"),
                accepted.stages.get(0).toString());
        accepted.stages.get(0).release();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> server.newStage(new RecordingSetup(true)));
        assertTrue(e.getMessage().contains("server TlsConfig"), e.getMessage());
        assertTrue(server.toString().contains("JDK"), server.toString());
    }
}
