package dev.loopwork.bench.jmh;

import dev.loopwork.LoopGroup;
import dev.loopwork.Stage;
import dev.loopwork.StageResult;
import dev.loopwork.bootstrap.Loopwork;
import dev.loopwork.tls.SelfSignedCertificate;
import dev.loopwork.tls.TlsConfig;
import dev.loopwork.tls.TlsContext;
import dev.loopwork.tls.TlsEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Loopwork's TLS stage on its own, no socket and no loop: {@code encode} 64 KiB of application
 * bytes into records on a client stage, and {@code encodeDecode}: encode, then decode them on a
 * server stage. Same engines as {@link TlsEngineBench}; the difference between the two is what the
 * stage adds around {@code SSLEngine}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TlsStageBench {

    static final int CHUNK = 64 * 1024;
    private static final ByteBuffer[] NONE = new ByteBuffer[0];

    @Param({"JDK", "OPENSSL"})
    public String engine;

    private LoopGroup group;
    private SelfSignedCertificate cert;
    private Stage client;
    private Stage server;
    private ByteBuffer[] plain;
    private ByteBuffer net;
    private ByteBuffer app;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        group = Loopwork.group().transport("nio").loops(1).build(); // only for its buffer pool
        cert = SelfSignedCertificate.generate();
        TlsEngine e = TlsEngine.valueOf(engine);
        TlsContext serverTls = TlsContext.create(cert.serverConfig().engine(e).build());
        TlsContext clientTls = TlsContext.create(TlsConfig.client().insecureTrustAllCertificatesForTestsOnly()
                .engine(e).build());
        if (serverTls.engine() != e || clientTls.engine() != e) {
            throw new IllegalStateException("engine " + e + " is not available here");
        }
        client = clientTls.newStage("localhost", 443);
        server = serverTls.newStage("127.0.0.1", 50000);
        client.start(new FakeConnection().stageContext(true, group.buffers()));
        server.start(new FakeConnection().stageContext(false, group.buffers()));
        plain = new ByteBuffer[] {ByteBuffer.allocateDirect(CHUNK)};
        net = ByteBuffer.allocateDirect(2 * CHUNK + client.encodeCapacity());
        app = ByteBuffer.allocateDirect(2 * CHUNK + server.decodeCapacity());
        handshake();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        client.release();
        server.release();
        cert.close();
        group.close();
    }

    /** Encrypts 64 KiB on the client stage. Ops/s x 64 KiB = bytes/s. */
    @Benchmark
    public int encode() throws IOException {
        plain[0].clear();
        net.clear();
        while (plain[0].hasRemaining()) {
            StageResult r = client.encode(plain, 0, 1, net);
            if (r.status() != StageResult.Status.OK) {
                throw new IOException("encode stopped: " + r);
            }
        }
        if (net.position() <= CHUNK) {
            throw new IOException("64 KiB encoded into only " + net.position() + " bytes");
        }
        return net.position();
    }

    /** Encrypts 64 KiB on the client stage and decrypts it on the server stage. */
    @Benchmark
    public int encodeDecode() throws IOException {
        encode();
        net.flip();
        app.clear();
        while (net.hasRemaining()) {
            StageResult r = server.decode(net, app);
            if (!r.progressed()) {
                throw new IOException("decode stopped: " + r);
            }
        }
        if (app.position() != CHUNK) {
            throw new IOException("decoded " + app.position() + " bytes, expected " + CHUNK);
        }
        return app.position();
    }

    /** Shuttles handshake bytes between the stages until both let application data through. */
    private void handshake() throws IOException {
        ByteBuffer c2s = ByteBuffer.allocateDirect(1 << 17);
        ByteBuffer s2c = ByteBuffer.allocateDirect(1 << 17);
        for (int i = 0; i < 1000; i++) {
            pump(client, c2s);
            pump(server, s2c);
            feed(server, c2s);
            feed(client, s2c);
            if (client.isEstablished() && server.isEstablished() && !client.needsEncode() && !server.needsEncode()
                    && c2s.position() == 0 && s2c.position() == 0) {
                return;
            }
        }
        throw new IOException("TLS stages did not finish their handshake");
    }

    private static void pump(Stage s, ByteBuffer out) throws IOException {
        while (s.needsEncode()) {
            if (!s.encode(NONE, 0, 0, out).progressed()) {
                return;
            }
        }
    }

    private void feed(Stage s, ByteBuffer in) throws IOException {
        in.flip();
        while (in.hasRemaining()) {
            app.clear();
            if (!s.decode(in, app).progressed()) {
                break;
            }
        }
        in.compact();
    }
}
