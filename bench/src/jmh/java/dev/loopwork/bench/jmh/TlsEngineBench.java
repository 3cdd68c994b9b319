package dev.loopwork.bench.jmh;

import io.netty.handler.ssl.SslProvider;
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

import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The bulk path of the two TLS engines every TLS row uses, with no socket: encrypt 64 KiB of
 * application data into records ({@code wrap}), and encrypt then decrypt them ({@code wrapUnwrap}).
 * The bytes per second this reaches bound what any server (or the benchmark's client) can do with
 * that engine on one core. Compare with {@code TlsStageBench} (Loopwork's stage around the same engines).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TlsEngineBench {

    static final int CHUNK = 64 * 1024;

    @Param({"JDK", "OPENSSL"})
    public String engine;

    private EnginePair pair;
    private ByteBuffer plain;
    private ByteBuffer net;
    private ByteBuffer app;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        pair = new EnginePair(SslProvider.valueOf(engine));
        plain = ByteBuffer.allocateDirect(CHUNK);
        net = ByteBuffer.allocateDirect(CHUNK + 64 * 1024);
        app = ByteBuffer.allocateDirect(CHUNK + 64 * 1024);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pair.close();
    }

    /** Encrypts 64 KiB (four full records); returns the ciphertext size. Ops/s x 64 KiB = bytes/s. */
    @Benchmark
    public int wrap() throws SSLException {
        plain.clear();
        net.clear();
        while (plain.hasRemaining()) {
            check(pair.client.wrap(plain, net));
        }
        return net.position();
    }

    /** Encrypts 64 KiB on the client, decrypts it on the server. */
    @Benchmark
    public int wrapUnwrap() throws SSLException {
        wrap();
        net.flip();
        app.clear();
        while (net.hasRemaining()) {
            check(pair.server.unwrap(net, app));
        }
        if (app.position() != CHUNK) {
            throw new SSLException("decrypted " + app.position() + " bytes, expected " + CHUNK);
        }
        return app.position();
    }

    private static void check(SSLEngineResult r) throws SSLException {
        if (r.getStatus() != SSLEngineResult.Status.OK) {
            throw new SSLException("unexpected " + r);
        }
    }
}
