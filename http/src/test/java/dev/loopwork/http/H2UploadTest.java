package dev.loopwork.http;

import dev.loopwork.http.Transports.Wire;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTP/2 uploads on every loop, h2c (prior knowledge) and TLS (ALPN h2), through the raw test
 * client: per-stream flow control with one stream paused while another uploads, and 100
 * concurrent streams on one connection.
 */
class H2UploadTest {

    static final int WINDOW = 1 << 20;

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String body(H2TestClient.StreamEvents e) {
        return e.body.toString(StandardCharsets.UTF_8);
    }

    /**
     * Stream A's consumer pauses at its first chunk; it is resumed from a timer thread once stream B
     * (64 MiB on the same connection) has completed and at least a second has passed. While A is
     * paused, nothing more reaches its consumer, and the bytes the server holds for it stay within
     * the stream window; B is not slowed by A's closed window.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.loopwork.http.Transports#plainAndTls")
    @Timeout(180)
    void onePausedStreamDoesNotStopAnother(String transport, Wire wire) throws Exception {
        byte[] a = random(4 << 20, 1);
        byte[] b = random(64 << 20, 2);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        ExecutorService senders = Executors.newFixedThreadPool(2);
        AtomicReference<BodyControl> pausedA = new AtomicReference<>();
        CountDownLatch aPaused = new CountDownLatch(1);
        AtomicLong aDeliveredWhilePaused = new AtomicLong(-1);
        CompletableFuture<String> bDone = new CompletableFuture<>();
        RequestHandler handler = (req, resp) -> {
            if (req.path().equals("/a")) {
                return new H2Handlers.Hashing(req, resp, control -> {
                    control.pause();
                    pausedA.set(control);
                    aPaused.countDown();
                });
            }
            H2Handlers.Hashing h = new H2Handlers.Hashing(req, resp, null);
            h.done.whenComplete((sha, x) -> {
                if (x != null) {
                    bDone.completeExceptionally(x);
                } else {
                    bDone.complete(sha);
                }
            });
            return h;
        };
        try (TestTls tls = wire == Wire.TLS ? new TestTls("h2", "http/1.1") : null;
             ServerFixture server = ServerFixture.start(HttpServer.builder().handler(handler), transport, tls)) {
            H2TestClient c = H2TestClient.connect(server, tls);
            int sa = c.request("POST", "/a", false, "content-length", Integer.toString(a.length));
            Future<?> sendA = senders.submit(() -> {
                c.data(sa, a, 0, a.length, true);
                return null;
            });
            assertTrue(aPaused.await(60, TimeUnit.SECONDS), "stream A reached its consumer");
            int sb = c.request("POST", "/b", false, "content-length", Integer.toString(b.length));
            Future<?> sendB = senders.submit(() -> {
                c.data(sb, b, 0, b.length, true);
                return null;
            });
            long pausedAt = System.nanoTime();
            String shaB = bDone.get(120, TimeUnit.SECONDS);
            BodyControl control = pausedA.get();
            assertTrue(control.isPaused(), "A is still paused when B completes");
            aDeliveredWhilePaused.set(control.bytesReceived());
            long wait = Math.max(0, TimeUnit.SECONDS.toNanos(1) - (System.nanoTime() - pausedAt));
            timer.schedule(control::resume, wait, TimeUnit.NANOSECONDS);

            H2TestClient.StreamEvents eb = c.awaitResponse(sb);
            assertEquals(200, eb.status);
            assertEquals("HTTP/2 " + b.length + " " + TestFiles.sha256(b) + "\n", body(eb));
            assertEquals(TestFiles.sha256(b), shaB);
            H2TestClient.StreamEvents ea = c.awaitResponse(sa);
            assertEquals("HTTP/2 " + a.length + " " + TestFiles.sha256(a) + "\n", body(ea));
            sendA.get(60, TimeUnit.SECONDS);
            sendB.get(60, TimeUnit.SECONDS);
            // The first chunk is at most one DATA frame; nothing after it reached the paused consumer.
            assertTrue(aDeliveredWhilePaused.get() <= 16_384, "bytes delivered to A while paused: "
                    + aDeliveredWhilePaused.get());
        } finally {
            timer.shutdownNow();
            senders.shutdownNow();
        }
    }

    /**
     * A 4 MiB response streamed with {@code write} and {@code whenWritable}: sent within the client's
     * windows (64 KiB at first, then what its WINDOW_UPDATEs open), every byte in order.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.loopwork.http.Transports#plainAndTls")
    @Timeout(120)
    void streamedResponseWithinTheClientsWindows(String transport, Wire wire) throws Exception {
        byte[] payload = random(4 << 20, 5);
        RequestHandler handler = (req, resp) -> {
            resp.begin(payload.length);
            new Runnable() {
                int off;

                @Override
                public void run() {
                    while (off < payload.length) {
                        int n = Math.min(64 * 1024, payload.length - off);
                        boolean more = resp.write(java.nio.ByteBuffer.wrap(payload, off, n));
                        off += n;
                        if (!more && off < payload.length) {
                            resp.whenWritable(this);
                            return;
                        }
                    }
                    resp.end();
                }
            }.run();
            return null;
        };
        try (TestTls tls = wire == Wire.TLS ? new TestTls("h2", "http/1.1") : null;
             ServerFixture server = ServerFixture.start(HttpServer.builder().handler(handler), transport, tls)) {
            H2TestClient c = H2TestClient.connect(server, tls);
            int id = c.request("GET", "/download", true);
            H2TestClient.StreamEvents e = c.awaitResponse(id);
            assertEquals(200, e.status);
            assertTrue(e.headers.contains("content-length: " + payload.length), e.headers.toString());
            assertEquals(TestFiles.sha256(payload), TestFiles.sha256(e.body.toByteArray()));
        }
    }

    /** 100 concurrent streams of 64 KiB each on one connection, all answered with the right hash. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.loopwork.http.Transports#plainAndTls")
    @Timeout(120)
    void hundredConcurrentStreams(String transport, Wire wire) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try (TestTls tls = wire == Wire.TLS ? new TestTls("h2", "http/1.1") : null;
             ServerFixture server = ServerFixture.start(HttpServer.builder().handler(H2Handlers.hashing()), transport, tls)) {
            H2TestClient c = H2TestClient.connect(server, tls);
            assertEquals(100, c.serverMaxStreams());
            List<Integer> ids = new ArrayList<>();
            List<byte[]> bodies = new ArrayList<>();
            List<Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                byte[] body = random(64 * 1024, 100 + i);
                int id = c.request("PUT", "/s" + i, false);
                ids.add(id);
                bodies.add(body);
            }
            for (int i = 0; i < 100; i++) {
                int id = ids.get(i);
                byte[] body = bodies.get(i);
                sends.add(senders.submit(() -> {
                    c.data(id, body, 0, body.length, true);
                    return null;
                }));
            }
            for (int i = 0; i < 100; i++) {
                H2TestClient.StreamEvents e = c.awaitResponse(ids.get(i));
                assertEquals(200, e.status);
                assertEquals("HTTP/2 65536 " + TestFiles.sha256(bodies.get(i)) + "\n", body(e));
                sends.get(i).get(30, TimeUnit.SECONDS);
            }
        } finally {
            senders.shutdownNow();
        }
    }
}
