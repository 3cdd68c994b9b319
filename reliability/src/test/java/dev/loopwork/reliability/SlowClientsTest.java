package dev.loopwork.reliability;

import dev.loopwork.http.HttpTimeouts;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slowloris: hundreds of clients that open a connection and then say almost nothing, each in its
 * own way: nothing at all (idle), a head one byte at a time, a body at a few bytes per period
 * (Content-Length and chunked), a TLS handshake that never starts. Meanwhile normal uploads, plain
 * and TLS, go on and must succeed. The server's idle, head and minimum-rate timeouts (and the TLS
 * handshake timeout), set short here, must free every slow client; partial files are removed.
 */
class SlowClientsTest {

    static Stream<String> transports() {
        return Transports.selected();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void slowClientsAreFreedWhileUploadsGoOn(String transport) throws Exception {
        int total = Scale.slowClients();
        UploadServer.Options o = new UploadServer.Options()
                .timeouts(HttpTimeouts.builder().idle(Duration.ofSeconds(2)).head(Duration.ofSeconds(2))
                        .minBodyRate(1024, Duration.ofSeconds(2)).linger(Duration.ofSeconds(1)).build())
                .handshakeTimeout(Duration.ofSeconds(3));
        long started = System.nanoTime();
        try (UploadServer server = UploadServer.start("slow", transport, o); SlowClients slow = new SlowClients()) {
            List<CompletableFuture<SlowClients.Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                outcomes.add(slow.start(script(i, server)));
            }
            // Normal uploads while the slow clients are held, until every slow client is let go.
            Set<String> kept = new TreeSet<>();
            int normal = 0;
            CompletableFuture<Void> allFreed = CompletableFuture.allOf(outcomes.toArray(new CompletableFuture[0]));
            while ((normal < 4 || !allFreed.isDone()) && normal < 3000) {
                boolean tls = normal % 2 == 1;
                Wire.Framing framing = Wire.Framing.values()[normal % 3];
                byte[] data = Wire.data(normal, 128 * 1024 + normal);
                try (Wire.Conn c = Wire.connect(server.address(tls), tls)) {
                    c.out().write(Wire.upload("/upload", framing, data, true));
                    c.out().flush();
                    Wire.Reply reply = Wire.read(c.in());
                    assertEquals(200, reply.status(), () -> "a normal upload among slow clients: " + reply.text());
                    Wire.Stored s = Wire.stored(reply);
                    assertEquals(Wire.sha256(data), s.sha256(), "SHA-256 of a normal upload among slow clients");
                    kept.add(s.name());
                }
                normal++;
            }
            allFreed.get(2, TimeUnit.MINUTES);
            List<SlowClients.Outcome> results = new ArrayList<>();
            long maxMillis = 0;
            for (CompletableFuture<SlowClients.Outcome> f : outcomes) {
                SlowClients.Outcome out = f.get();
                results.add(out);
                maxMillis = Math.max(maxMillis, out.millis());
                assertTrue(out.end().equals("eof") || out.end().startsWith("reset"),
                        () -> "a slow client was not let go by the server: " + out);
                assertTrue(out.firstLine().isEmpty() || out.firstLine().startsWith("HTTP/1.1 4"),
                        () -> "a slow client got an answer other than an error: " + out);
            }
            server.awaitNoConnections("after the slow clients");
            server.awaitStoredExactly(kept, "after the slow clients (their partial bodies removed)");
            System.out.printf("[slow] %s: %d slow clients all freed by the server (outcomes %s; slowest freed "
                            + "after %d ms); %d normal uploads meanwhile, all 200 with SHA-256; partial files left 0; "
                            + "%.1f s%n", transport, total, SlowClients.summary(results), maxMillis, normal,
                    (System.nanoTime() - started) / 1e9);
        }
    }

    /** Client {@code i}'s way of being slow. */
    private static SlowClients.Script script(int i, UploadServer server) {
        byte[] none = new byte[0];
        switch (i % 5) {
            case 0: // connects, says nothing: idle timeout
                return new SlowClients.Script("idle", server.address(false), none, none, 500, 240);
            case 1: // slowloris head: one byte of a header value per 100 ms: head timeout, 408
                return new SlowClients.Script("head", server.address(false),
                        Wire.ascii("POST /upload HTTP/1.1\r\nHost: localhost\r\nX-Slow: "), Wire.ascii("a"), 100, 1200);
            case 2: // slow Content-Length body, 16 bytes per 100 ms: minimum rate, 408
                return new SlowClients.Script("body", server.address(false),
                        Wire.ascii("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1048576\r\n\r\n"
                                + "0123456789abcdef"), Wire.ascii("0123456789abcdef"), 100, 1200);
            case 3: // slow chunked body, one byte per chunk per 100 ms: minimum rate, 408
                return new SlowClients.Script("chunked", server.address(false),
                        Wire.ascii("POST /upload HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"),
                        Wire.ascii("1\r\na\r\n"), 100, 1200);
            default: // TLS port, the handshake never starts: TLS handshake timeout
                return new SlowClients.Script("tls-handshake", server.address(true), none, none, 500, 240);
        }
    }
}
