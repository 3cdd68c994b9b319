package dev.loopwork.reliability;

import dev.loopwork.tck.FdSnapshot;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connection churn: many short connections one after the other from a few client threads, most of
 * them a request and its answer with {@code Connection: close}, the others the ways real clients
 * leave (two keep-alive requests then the client closes; connect and close at once; half a head and
 * a reset). Afterwards, with the server still running: no connection left, descriptors at the
 * baseline taken after warm-up, pooled buffers all back, heap near its baseline (printed).
 */
class ChurnTest {

    private static final int THREADS = 4;

    static Stream<String> transports() {
        return Transports.selected();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void shortConnectionsLeaveNothingBehind(String transport) throws Exception {
        int total = Scale.churn();
        try (UploadServer server = UploadServer.start("churn", transport, new UploadServer.Options().tls(false))) {
            InetSocketAddress at = server.address(false);
            Map<String, Integer> kinds = new TreeMap<>();
            run(at, 200, kinds); // warm-up: classes loaded, pools filled
            server.awaitNoConnections("after the warm-up");
            kinds.clear();
            FdSnapshot fdsBefore = FdSnapshot.take();
            long heapBefore = Baseline.heapAfterGc();
            long t0 = System.nanoTime();
            int answered = run(at, total, kinds);
            double seconds = (System.nanoTime() - t0) / 1e9;
            server.awaitNoConnections("after the churn");
            Baseline fds = baselineOf(fdsBefore);
            fds.awaitFds("after " + total + " short connections, server still running");
            assertEquals(0, server.group.buffers().outstanding(),
                    () -> "pooled buffers out after the churn:\n" + server.group.buffers().leakReport());
            long heapAfter = Baseline.heapAfterGc();
            assertTrue(heapAfter - heapBefore < 64L << 20, () -> "heap grew by " + Baseline.mib(heapAfter - heapBefore)
                    + " over " + total + " closed connections (before " + Baseline.mib(heapBefore) + ")"
                    + (transport.equals("nio") ? "; compare nioReleasesClosedConnections" : ""));
            System.out.printf("[churn] %s: %d short connections in %.1f s (%.0f/s) %s, %d answered; after: "
                            + "0 connections, descriptors at baseline %s, pooled buffers out 0, heap %s -> %s "
                            + "(%+.1f MiB)%n", transport, total, seconds, total / seconds, kinds, answered,
                    fdsBefore, Baseline.mib(heapBefore), Baseline.mib(heapAfter),
                    (heapAfter - heapBefore) / 1048576.0);
        }
    }

    /**
     * Regression test of a bug this suite found in loop-nio (fixed there): {@code NioTimer.cancel()}
     * only marked the timer, and {@code NioLoop} kept it in its queue, with its task and through it
     * the closed connection's HTTP state, until its deadline (the HTTP idle timer: 60 s by default).
     * About 3 KiB of heap stayed per closed connection for a minute: 61.5 MiB after 20,000
     * connections, 307.8 MiB after 100,000. Now cancelled timers drop their task and leave the queue.
     */
    @org.junit.jupiter.api.Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void nioReleasesClosedConnections() throws Exception {
        try (UploadServer server = UploadServer.start("churn-nio", "nio", new UploadServer.Options().tls(false))) {
            Map<String, Integer> kinds = new TreeMap<>();
            run(server.address(false), 200, kinds);
            server.awaitNoConnections("after the warm-up");
            long before = Baseline.heapAfterGc();
            run(server.address(false), 20_000, kinds);
            server.awaitNoConnections("after 20,000 connections");
            long after = Baseline.heapAfterGc();
            assertTrue(after - before < 16L << 20, () -> "nio: heap grew by " + Baseline.mib(after - before)
                    + " over 20,000 closed connections, while the server still runs");
        }
    }

    private static Baseline baselineOf(FdSnapshot snapshot) {
        return new Baseline(snapshot);
    }

    /** {@code total} connections over {@link #THREADS} threads; returns how many got a 200 answer. */
    private static int run(InetSocketAddress at, int total, Map<String, Integer> kinds) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> new Thread(r, "rel-churn-client"));
        try {
            List<Future<Map<String, Integer>>> parts = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                parts.add(pool.submit(() -> {
                    Map<String, Integer> mine = new TreeMap<>();
                    for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        String kind = one(at, i, answered);
                        mine.merge(kind, 1, Integer::sum);
                    }
                    return mine;
                }));
            }
            for (Future<Map<String, Integer>> f : parts) {
                f.get(30, TimeUnit.MINUTES).forEach((k, v) -> kinds.merge(k, v, Integer::sum));
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES), "churn clients ended");
        }
        return answered.get();
    }

    private static final byte[] CLOSE = Wire.ascii("GET /ping HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    private static final byte[] KEEP = Wire.ascii("GET /ping HTTP/1.1\r\nHost: localhost\r\n\r\n");

    private static String one(InetSocketAddress at, int i, AtomicInteger answered) throws IOException {
        int kind = i % 20;
        try (Wire.Conn c = Wire.connect(at, false)) {
            if (kind < 16) { // request, answer, the server closes
                c.out().write(CLOSE);
                expectPong(c.read());
                answered.incrementAndGet();
                if (c.in().read() != -1) {
                    throw new IOException("bytes after a Connection: close answer");
                }
                return "close";
            } else if (kind < 18) { // two keep-alive requests, then the client closes
                c.out().write(KEEP);
                expectPong(c.read());
                c.out().write(KEEP);
                expectPong(c.read());
                answered.addAndGet(2);
                return "keepalive";
            } else if (kind == 18) { // connect, close at once
                return "empty";
            } else { // half a head, then a reset
                c.out().write(CLOSE, 0, 1 + i % (CLOSE.length - 1));
                c.reset();
                return "reset";
            }
        }
    }

    private static void expectPong(Wire.Reply r) throws IOException {
        if (r.status() != 200 || !r.text().equals("pong\n")) {
            throw new IOException("unexpected answer " + r.status() + ' ' + r.text());
        }
    }
}
