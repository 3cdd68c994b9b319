package dev.loopwork.reliability;

import dev.loopwork.http.HttpLimits;
import dev.loopwork.http.HttpTimeouts;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Uploads aborted at random points of the wire bytes (in the head, in the body, in chunk framing,
 * in a multipart delimiter) by a client reset, a client FIN, or a TLS truncation (FIN or RST under
 * the TLS layer, no close_notify), several at a time, against the upload server.
 *
 * <p>What must hold: no aborted upload is ever answered 200; the server keeps serving (plain and TLS
 * uploads of every framing afterwards succeed with the right SHA-256); every partial file is removed;
 * and descriptors, loop threads and pooled buffers return to baseline.
 */
class AbortedUploadsTest {

    enum Fault { RST, FIN, TLS_TRUNCATION_FIN, TLS_TRUNCATION_RST }

    static Stream<String> transports() {
        return Transports.selected();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void abortedUploadsLeaveNothingBehind(String transport) throws Exception {
        int total = Scale.aborts();
        long seed = Long.getLong("reliability.seed", System.nanoTime());
        UploadServer.Options o = new UploadServer.Options()
                .limits(HttpLimits.builder().maxBodySize(64L << 20).build())
                .timeouts(HttpTimeouts.builder().linger(Duration.ofSeconds(2)).build());
        Map<Fault, Integer> faults = new EnumMap<>(Fault.class);
        Map<String, Integer> answers = new java.util.TreeMap<>();
        long started = System.nanoTime();
        try (UploadServer server = UploadServer.start("aborts", transport, o)) {
            ExecutorService clients = Executors.newFixedThreadPool(4, r -> new Thread(r, "rel-abort-client"));
            try {
                List<Future<String>> results = new ArrayList<>();
                Random r = new Random(seed);
                for (int i = 0; i < total; i++) {
                    Fault fault = Fault.values()[r.nextInt(Fault.values().length)];
                    Wire.Framing framing = Wire.Framing.values()[r.nextInt(Wire.Framing.values().length)];
                    int size = 1 + r.nextInt(r.nextBoolean() ? 4096 : 1 << 20);
                    long caseSeed = r.nextLong();
                    faults.merge(fault, 1, Integer::sum);
                    results.add(clients.submit(() -> abortOne(server, fault, framing, size, caseSeed)));
                }
                for (Future<String> f : results) {
                    answers.merge(f.get(2, TimeUnit.MINUTES), 1, Integer::sum);
                }
            } finally {
                clients.shutdownNow();
                assertTrue(clients.awaitTermination(1, TimeUnit.MINUTES), "client threads ended");
            }
            server.awaitNoConnections("after the aborted uploads");
            server.awaitStoredExactly(Set.of(), "after " + total + " aborted uploads");

            // The server still serves: every framing, plain and TLS.
            Set<String> kept = new TreeSet<>();
            int normal = 0;
            for (boolean tls : new boolean[] {false, true}) {
                for (Wire.Framing framing : Wire.Framing.values()) {
                    byte[] data = Wire.data(seed + normal, 256 * 1024 + normal);
                    try (Wire.Conn c = Wire.connect(server.address(tls), tls)) {
                        c.out().write(Wire.upload("/upload", framing, data, true));
                        c.out().flush();
                        Wire.Reply reply = Wire.read(c.in());
                        assertEquals(200, reply.status(), () -> "normal upload after the aborts: " + reply.text());
                        Wire.Stored s = Wire.stored(reply);
                        assertEquals(Wire.sha256(data), s.sha256(), "SHA-256 of the stored upload");
                        assertEquals(Wire.sha256(data), Wire.sha256(Files.readAllBytes(server.dir.resolve(s.name()))),
                                "SHA-256 of the file on disk");
                        kept.add(s.name());
                    }
                    normal++;
                }
            }
            server.awaitNoConnections("after the normal uploads");
            server.awaitStoredExactly(kept, "after the normal uploads");
            long outstanding = server.group.buffers().outstanding();
            System.out.printf("[aborts] %s: %d uploads aborted %s (seed %d); answers seen by the aborting clients %s; "
                            + "%d normal uploads then OK with SHA-256; partial files left 0; pooled buffers out "
                            + "while idle %d; %.1f s%n", transport, total, faults, seed, answers, normal, outstanding,
                    (System.nanoTime() - started) / 1e9);
        }
    }

    /**
     * Sends the request up to a random cut, then aborts as {@code fault} says; returns what the
     * client saw afterwards ("none", "eof", "reset", "4xx"...). A 2xx fails the test.
     */
    private static String abortOne(UploadServer server, Fault fault, Wire.Framing framing, int size, long seed)
            throws IOException {
        byte[] data = Wire.data(seed, size);
        byte[] wire = Wire.upload("/upload", framing, data, false);
        int cut = new Random(seed).nextInt(wire.length); // never the whole request
        boolean tls = fault == Fault.TLS_TRUNCATION_FIN || fault == Fault.TLS_TRUNCATION_RST;
        Wire.Conn c = Wire.connect(server.address(tls), tls);
        try {
            try {
                c.out().write(wire, 0, cut);
                c.out().flush();
            } catch (IOException e) {
                return "reset while sending"; // the server gave up first (a limit, a timeout)
            }
            switch (fault) {
                case RST:
                case TLS_TRUNCATION_RST:
                    c.reset();
                    return "none";
                case FIN:
                    c.raw().shutdownOutput();
                    return answer(c);
                case TLS_TRUNCATION_FIN:
                    c.raw().shutdownOutput(); // FIN under TLS, without close_notify
                    return answer(c);
                default:
                    throw new IllegalStateException(fault.toString());
            }
        } finally {
            c.close();
        }
    }

    private static String answer(Wire.Conn c) {
        Wire.Reply reply;
        try {
            reply = Wire.read(c.in());
        } catch (java.io.EOFException e) {
            return "eof";
        } catch (IOException e) {
            return e.getClass().getSimpleName();
        }
        if (reply.status() < 400) {
            fail("an aborted upload was answered " + reply.status() + ": " + reply.text());
        }
        return String.valueOf(reply.status());
    }
}
