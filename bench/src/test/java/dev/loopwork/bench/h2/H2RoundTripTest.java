package dev.loopwork.bench.h2;

import dev.loopwork.bench.client.Payload;
import dev.loopwork.bench.client.Sample;
import dev.loopwork.bench.client.Wire;
import dev.loopwork.bench.harness.Case;
import dev.loopwork.bench.server.BenchServer;
import dev.loopwork.bench.server.NettyTransport;
import dev.loopwork.bench.server.ServerSpec;
import dev.loopwork.bench.server.ServersAccess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The h2 upload client against both h2 servers of the benchmark, one stream and 16 streams: each
 * stream's answer must carry its own byte count (the client checks it), more than the payload
 * buffer so it wraps, twice on new connections. No timing is asserted.
 */
class H2RoundTripTest {

    private static final long BYTES = Payload.SIZE + 12345;
    private static final Payload PAYLOAD = new Payload();

    private static void roundTrip(BenchServer server, int streams) throws Exception {
        roundTrip(server, streams, false);
    }

    private static void roundTrip(BenchServer server, int streams, boolean tls) throws Exception {
        try (server; H2UploadClient client = new H2UploadClient(PAYLOAD, streams, tls)) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.start());
            for (int i = 0; i < 2; i++) {
                Sample s = client.upload(address, Wire.HTTP, BYTES, Duration.ofSeconds(60));
                assertEquals(BYTES, s.bytes());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 16})
    void nettyH2OnNio(int streams) throws Exception {
        roundTrip(new NettyH2Server(NettyTransport.NIO, null), streams);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 16})
    void loopworkH2OnNio(int streams) throws Exception {
        ServerSpec spec = new ServerSpec(Case.of("loopwork", "nio", H2Rows.SIXTEEN_STREAMS, "none").serverKind(), "nio",
                "none", null, null, "-");
        assertEquals("loopwork-h2", spec.kind());
        roundTrip(new dev.loopwork.bench.server.LoopworkHttpServer("nio", null, null), streams);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 16})
    void nettyH2OverTlsOnNio(int streams, @TempDir Path dir) throws Exception {
        roundTrip(ServersAccess.create(tlsSpec("netty-h2", dir)), streams, true);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 16})
    void loopworkH2OverTlsOnNio(int streams, @TempDir Path dir) throws Exception {
        roundTrip(ServersAccess.create(tlsSpec("loopwork-h2", dir)), streams, true);
    }

    private static ServerSpec tlsSpec(String kind, Path dir) throws Exception {
        return new ServerSpec(kind, "nio", "openssl", dev.loopwork.bench.harness.Certificates.write(dir), null, "-");
    }
}
