package dev.loopwork.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Responses: framing by version and method, early answers, misuse, application failures. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResponseTest {

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** Streams three pieces of unknown length. */
    private static BodyConsumer stream(HttpRequest req, Response res) {
        res.header("Content-Type", "text/plain");
        res.begin(-1);
        res.write(ascii("one "));
        res.write(ascii("two "));
        res.write(ascii("three"));
        res.end();
        return null;
    }

    @Test
    void unknownLengthIsChunkedFor11AndCloseDelimitedFor10() throws Exception {
        try (ServerFixture fx = ServerFixture.start(ResponseTest::stream)) {
            RawClient c11 = fx.client();
            c11.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            RawClient.Reply r = c11.read();
            assertEquals("chunked", r.header("Transfer-Encoding"));
            assertEquals("one two three", r.text());
            c11.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals("one two three", c11.read().text(), "kept alive after a chunked answer");

            RawClient c10 = fx.client();
            c10.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            RawClient.Reply r10 = c10.read();
            assertNull(r10.header("Transfer-Encoding"), "no chunked answers to HTTP/1.0");
            assertNull(r10.header("Content-Length"));
            assertEquals("close", r10.header("Connection"), "delimited by the close");
            assertEquals("one two three", r10.text());
        }
    }

    /** Streams {@code total} bytes in 64 KiB pieces, waiting for writability when the connection is full. */
    private static final class Streamer implements Runnable {
        final Response res;
        final byte[] data;
        int sent;

        Streamer(Response res, byte[] data) {
            this.res = res;
            this.data = data;
        }

        @Override
        public void run() {
            while (sent < data.length) {
                int n = Math.min(65536, data.length - sent);
                boolean writable = res.write(ByteBuffer.wrap(data, sent, n).slice());
                sent += n;
                if (!writable && sent < data.length) {
                    res.whenWritable(this);
                    return;
                }
            }
            res.end();
        }
    }

    @Test
    void largeStreamedResponseFollowsWritability() throws Exception {
        byte[] data = new byte[32 << 20];
        new java.util.Random(8).nextBytes(data);
        try (ServerFixture fx = ServerFixture.start((req, res) -> {
            res.begin(req.path().equals("/chunked") ? -1 : data.length);
            new Streamer(res, data).run();
            return null;
        })) {
            RawClient c = fx.client();
            for (String path : new String[] {"/length", "/chunked"}) {
                c.send("GET " + path + " HTTP/1.1\r\nHost: h\r\n\r\n");
                RawClient.Reply r = c.read();
                assertEquals(200, r.status());
                assertEquals(TestFiles.sha256(data), TestFiles.sha256(r.body()), path);
            }
        }
    }

    @Test
    void headAnswersCarryTheLengthButNoBody() throws Exception {
        try (ServerFixture fx = ServerFixture.start((req, res) -> {
            res.send("twelve bytes");
            return null;
        })) {
            RawClient c = fx.client();
            c.send("HEAD / HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n");
            RawClient.Reply head = c.read(true);
            assertEquals("12", head.header("Content-Length"));
            RawClient.Reply get = c.read();
            assertEquals("twelve bytes", get.text(), "no stray body bytes after the HEAD answer");
        }
    }

    @Test
    void http10KeepAliveIsAnnounced() throws Exception {
        try (ServerFixture fx = ServerFixture.start((req, res) -> {
            res.status(204).end();
            return null;
        })) {
            RawClient c = fx.client();
            c.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            RawClient.Reply r = c.read();
            assertEquals(204, r.status());
            assertEquals("keep-alive", r.header("Connection"));
            assertNull(r.header("Content-Length"), "a 204 has no Content-Length");
            c.send("GET / HTTP/1.0\r\n\r\n");
            assertEquals(204, c.read().status());
            assertTrue(c.readsEof(), "HTTP/1.0 without keep-alive closes");
        }
    }

    @Test
    void earlyAnswerKeepsTheConnectionForASmallRemainderAndClosesForALargeOne() throws Exception {
        try (ServerFixture fx = ServerFixture.start(HttpServer.builder()
                .limits(HttpLimits.builder().discardLimit(1000).build())
                .handler((req, res) -> {
                    res.status(403).send("go away");
                    return null;
                }))) {
            RawClient small = fx.client();
            small.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1000\r\n\r\n");
            RawClient.Reply r = small.read();
            assertEquals(403, r.status());
            assertNull(r.header("Connection"), "kept: the remainder is small enough to read and drop");
            small.send("x".repeat(1000) + "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals(403, small.read().status(), "the next request is read after the dropped body");

            RawClient large = fx.client();
            large.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1001\r\n\r\n");
            RawClient.Reply big = large.read();
            assertEquals(403, big.status());
            assertEquals("close", big.header("Connection"));
            large.send("x".repeat(1001));
            assertTrue(large.readsEof());
        }
    }

    @Test
    void misuseIsRefusedWithTypedExceptions() throws Exception {
        CompletableFuture<Throwable[]> seen = new CompletableFuture<>();
        try (ServerFixture fx = ServerFixture.start((req, res) -> {
            Throwable[] t = new Throwable[5];
            t[0] = assertThrows(IllegalArgumentException.class, () -> res.header("X-Bad", "a\r\nInjected: 1"));
            t[1] = assertThrows(IllegalArgumentException.class, () -> res.header("Content-Length", "5"));
            t[2] = assertThrows(IllegalArgumentException.class, () -> res.header("Bad Name", "v"));
            t[3] = assertThrows(IllegalStateException.class, () -> res.write(ascii("early")));
            res.begin(2);
            t[4] = assertThrows(IllegalStateException.class, () -> res.write(ascii("too long")));
            res.write(ascii("ok"));
            res.end();
            seen.complete(t);
            return null;
        })) {
            RawClient c = fx.client();
            c.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals("ok", c.read().text());
            Throwable[] t = seen.get(30, TimeUnit.SECONDS);
            assertTrue(t[0].getMessage().contains("X-Bad"), t[0].getMessage());
            assertTrue(t[4].getMessage().contains("declared length 2"), t[4].getMessage());
        }
    }

    @Test
    void handlerExceptionsAre500AndClose() throws Exception {
        CompletableFuture<Throwable> consumerError = new CompletableFuture<>();
        try (ServerFixture fx = ServerFixture.start((req, res) -> {
            if (req.path().equals("/throw")) {
                throw new IllegalStateException("boom");
            }
            return new BodyConsumer() {
                @Override
                public void onChunk(ByteBuffer chunk, BodyControl control) {
                    // leaves the bytes without pausing: a contract violation
                }

                @Override
                public void onComplete() {
                    res.send("unexpected");
                }

                @Override
                public void onError(Throwable cause) {
                    consumerError.complete(cause);
                }
            };
        })) {
            RawClient a = fx.client();
            a.send("GET /throw HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals(500, a.read().status());
            assertTrue(a.readsEof());

            RawClient b = fx.client();
            b.send("POST /lazy HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc");
            assertEquals(500, b.read().status());
            assertTrue(b.readsEof());
            Throwable t = consumerError.get(30, TimeUnit.SECONDS);
            assertInstanceOf(IllegalStateException.class, t);
            assertTrue(t.getMessage().contains("without pausing"), t.getMessage());
        }
    }

    @Test
    void answeringAfterTheServerAnsweredIsRefused() throws Exception {
        CompletableFuture<Response> response = new CompletableFuture<>();
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        try (ServerFixture fx = ServerFixture.start((req, res) -> {
            response.complete(res);
            return new BodyConsumer() {
                @Override
                public void onChunk(ByteBuffer chunk, BodyControl control) {
                    chunk.position(chunk.limit());
                }

                @Override
                public void onComplete() {
                }

                @Override
                public void onError(Throwable cause) {
                    error.complete(cause);
                }
            };
        })) {
            RawClient c = fx.client();
            c.send("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
            assertEquals(400, c.read().status());
            assertInstanceOf(HttpException.class, error.get(30, TimeUnit.SECONDS));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> response.get().send("late"));
            assertTrue(e.getMessage().contains("already answered"), e.getMessage());
        }
    }
}
