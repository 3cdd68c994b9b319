package dev.loopwork.bench.server;

import dev.loopwork.ConnectionOptions;
import dev.loopwork.bench.client.Payload;
import dev.loopwork.bench.client.PlainUploadClient;
import dev.loopwork.bench.client.Sample;
import dev.loopwork.bench.client.Wire;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client against each plain server of the benchmark, over loopback: every server must speak
 * its protocol and acknowledge exactly what was sent (more than the client's buffer, so it wraps).
 * No timing is asserted: the benchmark reports timings, tests check behaviour.
 */
class UploadRoundTripTest {

    private static final long BYTES = Payload.SIZE + 12345;
    private static final Payload PAYLOAD = new Payload();

    private static void roundTrip(BenchServer server, Wire wire) throws Exception {
        roundTrip(server, wire, s -> { });
    }

    /** {@code after} sees the server after its uploads, before it closes. */
    private static void roundTrip(BenchServer server, Wire wire, java.util.function.Consumer<BenchServer> after)
            throws Exception {
        try (server; PlainUploadClient client = new PlainUploadClient(PAYLOAD)) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.start());
            for (int i = 0; i < 2; i++) { // a second upload on a new connection to the same server
                Sample s = client.upload(address, wire, BYTES, Duration.ofSeconds(60));
                assertEquals(BYTES, s.bytes());
            }
            after.accept(server);
        }
    }

    @Test
    void loopworkRawOnNio() throws Exception {
        roundTrip(new LoopworkRawServer("nio", null), Wire.RAW);
    }

    @Test
    void loopworkHttpOnNio() throws Exception {
        roundTrip(new LoopworkHttpServer("nio", null, null), Wire.HTTP);
    }

    @Test
    void aBudgetVariantSetsTheReadBudgetOfBothLoopworkServers() throws Exception {
        ServerSpec raw = new ServerSpec("loopwork-raw", "nio", "none", null, null, "budget-1048576");
        assertEquals(1048576, LoopworkOptions.of(raw).connectionOptions().readBudget());
        assertEquals(ConnectionOptions.defaults().readBudget(),
                LoopworkOptions.of(new ServerSpec("loopwork-raw", "nio", "none", null, null, "-")).connectionOptions().readBudget());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LoopworkOptions.of(new ServerSpec("loopwork-raw", "nio", "none", null, null, "budget-lots")));
        assertTrue(e.getMessage().contains("budget-lots"), e.getMessage());

        BenchServer rawServer = ServersAccess.create(raw);
        assertTrue(rawServer.description().contains("readBudget 1048576"), rawServer.description());
        roundTrip(rawServer, Wire.RAW);
        BenchServer http = ServersAccess.create(new ServerSpec("loopwork-http", "nio", "none", null, null, "budget-1048576"));
        assertTrue(http.description().contains("readBudget 1048576"), http.description());
        roundTrip(http, Wire.HTTP);
    }

    @Test
    void nettyRawOnNio() throws Exception {
        roundTrip(new NettyRawServer(NettyTransport.NIO, null), Wire.RAW);
    }

    @Test
    void nettyHttpOnNio() throws Exception {
        roundTrip(new NettyHttpServer(NettyTransport.NIO, null, null), Wire.HTTP);
    }

    @Test
    void jdkReadLoop() throws Exception {
        roundTrip(new JdkReadServer(), Wire.RAW);
    }

    @Test
    void nettyHttpTunedOnNio() throws Exception {
        roundTrip(new NettyHttpServer(NettyTransport.NIO, null, null, true), Wire.HTTP);
    }

    /**
     * The pausing consumer pauses at every MiB of each body, and the bytes it leaves are served by
     * nio's fakePollIn: fakes counted, no fallback. The counts are what the benchmark's pause rows
     * report, so they must come from the path that ran.
     */
    @Test
    void pausingConsumerIsServedByTheHookOnNio() throws Exception {
        roundTrip(new LoopworkHttpServer("nio", null, null, true, false), Wire.HTTP, server -> {
            java.util.Map<String, Long> c = server.counters();
            assertEquals(2 * (BYTES >> 20), c.get("pauses"), c.toString());
            org.junit.jupiter.api.Assertions.assertTrue(c.get("fakes") > 0, c.toString());
            assertEquals(0L, c.get("fallbacks"), c.toString());
        });
    }

    /** The same with the hook hidden: the core falls back to a task every time. */
    @Test
    void pausingConsumerWithTheHookHiddenTakesTheFallback() throws Exception {
        roundTrip(new LoopworkHttpServer("nio", null, null, true, true), Wire.HTTP, server -> {
            java.util.Map<String, Long> c = server.counters();
            assertEquals(2 * (BYTES >> 20), c.get("pauses"), c.toString());
            assertEquals(0L, c.get("fakes"), c.toString());
            org.junit.jupiter.api.Assertions.assertTrue(c.get("fallbacks") > 0, c.toString());
        });
    }
}
