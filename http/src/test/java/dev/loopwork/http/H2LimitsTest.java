package dev.loopwork.http;

import dev.loopwork.http.Transports.Wire;
import dev.loopwork.http.internal.h2.ByteOut;
import dev.loopwork.http.internal.h2.ErrorCode;
import dev.loopwork.http.internal.h2.H2;
import dev.loopwork.http.internal.h2.HpackEncoder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTP/2 limits and attacks, each answered with the documented code (see {@link Http2Settings}),
 * h2c and TLS on nio; and the protocol's own answers (trailers, 100-continue, malformed requests,
 * graceful shutdown).
 */
@Timeout(60)
class H2LimitsTest {

    /** Servers started so far: each takes the next loop ({@link Transports#rotating}). */
    private static final AtomicInteger servers = new AtomicInteger();

    private static final AtomicInteger requests = new AtomicInteger();

    private static ServerFixture start(Wire wire, TestTls tls, Http2Settings h2, RequestHandler handler) {
        requests.set(0);
        RequestHandler counting = (req, resp) -> {
            requests.incrementAndGet();
            return handler.onRequest(req, resp);
        };
        return ServerFixture.start(HttpServer.builder().http2(h2).handler(counting), Transports.rotating(servers.getAndIncrement()), tls);
    }

    private static TestTls tls(Wire wire) {
        return wire == Wire.TLS ? new TestTls("h2", "http/1.1") : null;
    }

    private static String text(H2TestClient.StreamEvents e) {
        return e.body.toString(StandardCharsets.UTF_8);
    }

    /** A GET answered by the hashing handler still works on this connection. */
    private static void stillServes(H2TestClient c) throws Exception {
        int id = c.request("GET", "/ok", true);
        assertEquals(200, c.awaitResponse(id).status);
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void streamsBeyondTheLimitAreRefused(Wire wire) throws Exception {
        try (TestTls tls = tls(wire);
             ServerFixture server = start(wire, tls, Http2Settings.builder().maxConcurrentStreams(2).build(),
                     H2Handlers.hashing())) {
            H2TestClient c = H2TestClient.connect(server, tls);
            assertEquals(2, c.serverMaxStreams());
            int a = c.request("POST", "/a", false);
            int b = c.request("POST", "/b", false);
            int refused = c.request("POST", "/c", false);
            assertEquals(ErrorCode.REFUSED_STREAM.code, c.awaitRst(refused));
            c.data(a, new byte[10], 0, 10, true);
            c.data(b, new byte[20], 0, 20, true);
            assertTrue(text(c.awaitResponse(a)).startsWith("HTTP/2 10 "));
            assertTrue(text(c.awaitResponse(b)).startsWith("HTTP/2 20 "));
            assertEquals(2, requests.get(), "the refused stream never reached the handler");
        }
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void aHeaderListOverTheLimitIsAnswered431(Wire wire) throws Exception {
        try (TestTls tls = tls(wire);
             ServerFixture server = start(wire, tls, Http2Settings.defaults(), H2Handlers.hashing())) {
            H2TestClient c = H2TestClient.connect(server, tls);
            int id = c.request("GET", "/big", true, "x-big", "v".repeat(20_000)); // split into CONTINUATION
            H2TestClient.StreamEvents e = c.awaitResponse(id);
            assertEquals(431, e.status);
            assertTrue(text(e).contains("header list of"), text(e));
            assertEquals(0, requests.get());
            stillServes(c);
        }
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void aDecompressionBombIsAnswered431WithoutTheMemory(Wire wire) throws Exception {
        try (TestTls tls = tls(wire);
             ServerFixture server = start(wire, tls, Http2Settings.defaults(), H2Handlers.hashing())) {
            H2TestClient c = H2TestClient.connect(server, tls);
            c.awaitReady();
            // One 4000-byte field into the table, then 4000 one-byte references to it: 16 MB decoded.
            ByteOut b = new ByteOut(8192);
            for (String[] f : new String[][] {{":method", "GET"}, {":scheme", "http"}, {":path", "/"}}) {
                new HpackEncoder().encode(f[0], f[1], b);
            }
            b.put(0x40);
            rawString(b, "x-bomb");
            rawString(b, "a".repeat(4000));
            for (int i = 0; i < 4000; i++) {
                b.put(0x80 | 62);
            }
            int id = c.newStreamId();
            List<ByteBuffer> frames = new ArrayList<>();
            dev.loopwork.http.internal.h2.Frames.headers(id, b.array(), b.length(), true, 16_384, frames);
            for (ByteBuffer f : frames) {
                c.writeFrame(f);
            }
            assertEquals(431, c.awaitResponse(id).status);
            assertEquals(0, requests.get());
            stillServes(c);
        }
    }

    private static void rawString(ByteOut b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        int n = bytes.length;
        if (n < 127) {
            b.put(n);
        } else {
            b.put(127);
            n -= 127;
            while (n >= 128) {
                b.put((n & 0x7F) | 0x80);
                n >>>= 7;
            }
            b.put(n);
        }
        b.put(bytes, 0, bytes.length);
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void aTableSizeAboveTheSettingIsACompressionError(Wire wire) throws Exception {
        try (TestTls tls = tls(wire);
             ServerFixture server = start(wire, tls, Http2Settings.defaults(), H2Handlers.hashing())) {
            H2TestClient c = H2TestClient.connect(server, tls);
            c.awaitReady();
            // Dynamic table size update to 8192 (> the advertised 4096): 001 11111, then 8192-31 in 7-bit groups.
            int v = 8192 - 31;
            c.frame(H2.HEADERS, H2.FLAG_END_HEADERS | H2.FLAG_END_STREAM, 1,
                    new byte[] {0x3f, (byte) ((v & 0x7F) | 0x80), (byte) (v >>> 7), (byte) 0x82});
            assertEquals(ErrorCode.COMPRESSION_ERROR.code, c.awaitGoAway());
            c.awaitEof();
        }
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void anEndlessContinuationIsStopped(Wire wire) throws Exception {
        try (TestTls tls = tls(wire);
             ServerFixture server = start(wire, tls, Http2Settings.defaults(), H2Handlers.hashing())) {
            H2TestClient c = H2TestClient.connect(server, tls);
            c.awaitReady();
            c.frame(H2.HEADERS, 0, 1, new byte[] {(byte) 0x82});
            byte[] filler = new byte[1024];
            java.util.Arrays.fill(filler, (byte) 0x82); // valid indexed fields, should it ever be decoded
            try {
                for (int i = 0; i < 100 && !c.eof; i++) {
                    c.frame(H2.CONTINUATION, 0, 1, filler);
                }
            } catch (java.io.IOException closed) {
                // the server closed while we were still sending
            }
            assertEquals(ErrorCode.ENHANCE_YOUR_CALM.code, c.awaitGoAway());
            assertTrue(c.goAwayDebug.contains("header block"), c.goAwayDebug);
            assertEquals(0, requests.get());
        }
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void emptyContinuationFramesAreAFlood(Wire wire) throws Exception {
        floodOf(wire, c -> {
            c.frame(H2.HEADERS, 0, 1, new byte[] {(byte) 0x82});
            for (int i = 0; i < 200 && !c.eof; i++) {
                c.frame(H2.CONTINUATION, 0, 1, new byte[0]);
            }
        }, "empty frames");
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void emptyDataFramesAreAFlood(Wire wire) throws Exception {
        floodOf(wire, c -> {
            int id = c.request("POST", "/", false);
            for (int i = 0; i < 200 && !c.eof; i++) {
                c.frame(H2.DATA, 0, id, new byte[0]);
            }
        }, "empty frames");
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void rapidResetIsCountedAndBounded(Wire wire) throws Exception {
        floodOf(wire, c -> {
            for (int i = 0; i < 300 && !c.eof; i++) {
                int id = c.request("POST", "/r", false);
                c.rst(id, ErrorCode.CANCEL);
            }
        }, "rapid reset");
        assertTrue(requests.get() <= 101, "requests that reached the handler: " + requests.get());
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void settingsFlood(Wire wire) throws Exception {
        floodOf(wire, c -> {
            for (int i = 0; i < 1000 && !c.eof; i++) {
                c.writeFrame(dev.loopwork.http.internal.h2.Frames.settings(H2.SETTINGS_ENABLE_PUSH, 0));
            }
        }, "SETTINGS/PING/PRIORITY");
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void pingFlood(Wire wire) throws Exception {
        floodOf(wire, c -> {
            for (int i = 0; i < 1000 && !c.eof; i++) {
                c.writeFrame(dev.loopwork.http.internal.h2.Frames.ping(false, new byte[8]));
            }
        }, "SETTINGS/PING/PRIORITY");
    }

    private interface Attack {
        void run(H2TestClient c) throws Exception;
    }

    private static void floodOf(Wire wire, Attack attack, String what) throws Exception {
        try (TestTls tls = tls(wire);
             ServerFixture server = start(wire, tls, Http2Settings.defaults(), H2Handlers.hashing())) {
            H2TestClient c = H2TestClient.connect(server, tls);
            c.awaitReady();
            try {
                attack.run(c);
            } catch (java.io.IOException closed) {
                // the server closed while the attack went on
            }
            assertEquals(ErrorCode.ENHANCE_YOUR_CALM.code, c.awaitGoAway(), c.toString());
            assertTrue(c.goAwayDebug.contains(what), c.goAwayDebug);
            c.awaitEof();
        }
    }

    /** A client that never opens its window: the response is reset after the stall timeout, its bytes dropped. */
    @ParameterizedTest
    @EnumSource(Wire.class)
    void aClientThatNeverOpensItsWindowCannotPinTheResponse(Wire wire) throws Exception {
        CompletableFuture<Response> answered = new CompletableFuture<>();
        RequestHandler handler = (req, resp) -> {
            if (req.path().equals("/big")) {
                resp.send(new byte[256 * 1024]);
                answered.complete(resp);
            } else {
                resp.send(new byte[0]);
            }
            return null;
        };
        Http2Settings h2 = Http2Settings.builder().sendStallTimeout(Duration.ofMillis(200)).build();
        try (TestTls tls = tls(wire); ServerFixture server = start(wire, tls, h2, handler)) {
            H2TestClient c = H2TestClient.connect(server, tls, H2.SETTINGS_INITIAL_WINDOW_SIZE, 0);
            c.autoWindow = false;
            int id = c.request("GET", "/big", true);
            assertEquals(ErrorCode.CANCEL.code, c.awaitRst(id));
            assertEquals(200, c.awaitEnd(id).status, "the head went out (HEADERS are not flow controlled)");
            assertEquals(0, c.awaitEnd(id).body.size(), "no DATA within a zero window");
            assertTrue(answered.get(10, TimeUnit.SECONDS).isComplete());
            // The connection goes on: a body-less answer needs no window.
            int next = c.request("GET", "/empty", true);
            assertEquals(200, c.awaitResponse(next).status);
        }
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void aTooLargeContentLengthIsAnswered413BeforeTheBody(Wire wire) throws Exception {
        try (TestTls tls = tls(wire);
             ServerFixture server = start(wire, tls, Http2Settings.defaults(), H2Handlers.hashing())) {
            H2TestClient c = H2TestClient.connect(server, tls);
            int id = c.request("POST", "/up", false, "content-length", Long.toString(2L << 30));
            H2TestClient.StreamEvents e = c.awaitResponse(id);
            assertEquals(413, e.status);
            assertEquals(ErrorCode.NO_ERROR.code, c.awaitRst(id), "the client is asked to stop sending");
            assertEquals(0, requests.get(), "the handler never saw it");
            stillServes(c);
        }
    }

    /** Padding (HEADERS with PRIORITY, DATA) is removed and counted; the body is what was sent. */
    @ParameterizedTest
    @EnumSource(Wire.class)
    void paddedFramesAreUnpadded(Wire wire) throws Exception {
        try (TestTls tls = tls(wire);
             ServerFixture server = start(wire, tls, Http2Settings.defaults(), H2Handlers.hashing())) {
            H2TestClient c = H2TestClient.connect(server, tls);
            c.awaitReady();
            ByteOut b = new ByteOut(64);
            HpackEncoder e = new HpackEncoder();
            e.encode(":method", "POST", b);
            e.encode(":scheme", tls == null ? "http" : "https", b);
            e.encode(":path", "/padded", b);
            ByteOut headers = new ByteOut(64);
            headers.put(3);                                   // pad length
            headers.put(new byte[] {0, 0, 0, 0, 16}, 0, 5);    // PRIORITY: no dependency, weight 17
            headers.put(b.array(), 0, b.length());
            headers.put(new byte[3], 0, 3);
            c.frame(H2.HEADERS, H2.FLAG_END_HEADERS | H2.FLAG_PADDED | H2.FLAG_PRIORITY, 1,
                    java.util.Arrays.copyOf(headers.array(), headers.length()));
            byte[] data = {5, 'h', 'e', 'l', 'l', 'o', 0, 0, 0, 0, 0};
            c.frame(H2.DATA, H2.FLAG_PADDED | H2.FLAG_END_STREAM, 1, data);
            assertEquals("HTTP/2 5 " + TestFiles.sha256("hello".getBytes(StandardCharsets.US_ASCII)) + "\n",
                    text(c.awaitResponse(1)));
        }
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void malformedRequestsAreResetWithProtocolError(Wire wire) throws Exception {
        try (TestTls tls = tls(wire);
             ServerFixture server = start(wire, tls, Http2Settings.defaults(), H2Handlers.hashing())) {
            H2TestClient c = H2TestClient.connect(server, tls);
            int upper = c.request("GET", "/", true, "X-Upper", "1");
            assertEquals(ErrorCode.PROTOCOL_ERROR.code, c.awaitRst(upper));
            int conn = c.request("GET", "/", true, "connection", "keep-alive");
            assertEquals(ErrorCode.PROTOCOL_ERROR.code, c.awaitRst(conn));
            int mismatch = c.request("POST", "/", false, "content-length", "10");
            c.data(mismatch, new byte[5], 0, 5, true);
            assertEquals(ErrorCode.PROTOCOL_ERROR.code, c.awaitRst(mismatch));
            stillServes(c);
        }
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void trailersAndContinue(Wire wire) throws Exception {
        CompletableFuture<HttpRequest> seen = new CompletableFuture<>();
        RequestHandler handler = (req, resp) -> new H2Handlers.Hashing(req, resp, null) {
            @Override
            public void onComplete() {
                seen.complete(req);
                super.onComplete();
            }
        };
        try (TestTls tls = tls(wire); ServerFixture server = start(wire, tls, Http2Settings.defaults(), handler)) {
            H2TestClient c = H2TestClient.connect(server, tls);
            int id = c.request("POST", "/t", false, "expect", "100-continue");
            c.await("100 Continue", () -> c.awaitEndOrInterim(id));
            c.data(id, new byte[7], 0, 7, false);
            ByteOut b = new ByteOut(64);
            new HpackEncoder().encode("x-checksum", "abc", b);
            c.frame(H2.HEADERS, H2.FLAG_END_HEADERS | H2.FLAG_END_STREAM, id, java.util.Arrays.copyOf(b.array(), b.length()));
            assertTrue(text(c.awaitResponse(id)).startsWith("HTTP/2 7 "));
            HttpRequest req = seen.get(10, TimeUnit.SECONDS);
            assertEquals("abc", req.trailers().get("x-checksum"));
            assertEquals("127.0.0.1", req.header("Host"), ":authority is the Host");
            assertEquals("HTTP/2", req.version());
        }
    }

    /** Shutdown: GOAWAY NO_ERROR naming the last stream; the stream in flight finishes; then the connection closes. */
    @ParameterizedTest
    @EnumSource(Wire.class)
    void gracefulShutdownLetsTheStreamInFlightFinish(Wire wire) throws Exception {
        try (TestTls tls = tls(wire);
             ServerFixture server = start(wire, tls, Http2Settings.defaults(), H2Handlers.hashing())) {
            H2TestClient c = H2TestClient.connect(server, tls);
            int id = c.request("POST", "/slow", false);
            c.data(id, new byte[1000], 0, 1000, false);
            c.await("the stream reaching the handler", () -> requests.get() == 1);
            var shutdown = server.group.shutdownGracefully(Duration.ofSeconds(30));
            assertEquals(ErrorCode.NO_ERROR.code, c.awaitGoAway());
            assertEquals(id, c.goAwayLastId);
            c.data(id, new byte[1000], 0, 1000, true);
            assertTrue(text(c.awaitResponse(id)).startsWith("HTTP/2 2000 "));
            c.awaitEof();
            shutdown.toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
