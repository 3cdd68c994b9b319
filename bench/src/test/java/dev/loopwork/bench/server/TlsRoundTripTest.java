package dev.loopwork.bench.server;

import dev.loopwork.bench.client.Payload;
import dev.loopwork.bench.client.TlsUploadClient;
import dev.loopwork.bench.client.Wire;
import dev.loopwork.bench.harness.Certificates;
import io.netty.handler.ssl.OpenSsl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The BoringSSL client against the TLS servers, with the run's kind of certificate and both
 * server engines: the handshake works and every byte is acknowledged. Skipped where netty-tcnative
 * cannot load (the client needs it).
 */
class TlsRoundTripTest {

    private static final long BYTES = 3L << 20;
    private static final Payload PAYLOAD = new Payload();

    @TempDir
    static Path dir;
    private static Path certs;

    @BeforeAll
    static void certificate() throws Exception {
        assumeTrue(OpenSsl.isAvailable(), "netty-tcnative is not available here");
        certs = Certificates.write(dir.resolve("certs"));
    }

    private static void roundTrip(String kind, String tls, Wire wire) throws Exception {
        ServerSpec spec = new ServerSpec(kind, "nio", tls, certs, null, "-");
        try (BenchServer server = Servers.create(spec); TlsUploadClient client = new TlsUploadClient(PAYLOAD)) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.start());
            assertEquals(BYTES, client.upload(address, wire, BYTES, Duration.ofSeconds(60)).bytes());
        }
    }

    @Test
    void loopworkRawBehindTheTlsStageWithBothEngines() throws Exception {
        roundTrip("loopwork-raw", "jdk", Wire.RAW);
        roundTrip("loopwork-raw", "openssl", Wire.RAW);
    }

    @Test
    void loopworkHttpBehindTheTlsStage() throws Exception {
        roundTrip("loopwork-http", "openssl", Wire.HTTP);
    }

    @Test
    void nettyHttpBehindSslHandlerWithBothEngines() throws Exception {
        roundTrip("netty-http", "jdk", Wire.HTTP);
        roundTrip("netty-http", "openssl", Wire.HTTP);
    }
}
