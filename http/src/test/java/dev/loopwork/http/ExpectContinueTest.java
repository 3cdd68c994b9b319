package dev.loopwork.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code Expect: 100-continue}: 100 only when the handler accepts the body. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExpectContinueTest {

    private static final AtomicInteger HANDLED = new AtomicInteger();

    /** Accepts /accept (counting bytes), refuses the rest with 401 and no consumer. */
    private static BodyConsumer handle(HttpRequest req, Response res) {
        HANDLED.incrementAndGet();
        if (!req.path().equals("/accept")) {
            res.status(401).header("WWW-Authenticate", "Basic realm=\"up\"").send("no");
            return null;
        }
        return new BodyConsumer() {
            long n;

            @Override
            public void onChunk(ByteBuffer chunk, BodyControl control) {
                n += chunk.remaining();
                chunk.position(chunk.limit());
            }

            @Override
            public void onComplete() {
                res.send("got " + n);
            }
        };
    }

    private static ServerFixture server() {
        return ServerFixture.start(HttpServer.builder().limits(HttpLimits.builder().maxBodySize(1000).build())
                .handler(ExpectContinueTest::handle));
    }

    @Test
    void acceptedBodyGets100ThenTheAnswer() throws Exception {
        try (ServerFixture fx = server()) {
            RawClient c = fx.client();
            c.send("PUT /accept HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            assertEquals(100, c.read().status(), "100 before the body is sent");
            c.send("hello");
            RawClient.Reply r = c.read();
            assertEquals(200, r.status());
            assertEquals("got 5", r.text());
            c.send("GET /accept HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals("got 0", c.read().text(), "kept alive");
        }
    }

    @Test
    void refusedBodyGetsTheAnswerWithout100AndACloseSinceTheBodyMayOrMayNotCome() throws Exception {
        try (ServerFixture fx = server()) {
            RawClient c = fx.client();
            c.send("PUT /secret HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            RawClient.Reply r = c.read();
            assertEquals(401, r.status(), "no 100 for a refused body");
            assertEquals("close", r.header("Connection"));
            assertTrue(c.readsEof());
        }
    }

    @Test
    void tooLargeIs413BeforeTheHandlerAndWithout100() throws Exception {
        try (ServerFixture fx = server()) {
            int before = HANDLED.get();
            RawClient c = fx.client();
            c.send("PUT /accept HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 1001\r\n\r\n");
            RawClient.Reply r = c.read();
            assertEquals(413, r.status());
            assertTrue(c.readsEof());
            assertEquals(before, HANDLED.get(), "the handler never saw it");
        }
    }

    @Test
    void unknownExpectationIs417() throws Exception {
        try (ServerFixture fx = server()) {
            RawClient c = fx.client();
            c.send("PUT /accept HTTP/1.1\r\nHost: h\r\nExpect: 101-switch\r\nContent-Length: 5\r\n\r\n");
            assertEquals(417, c.read().status());
            assertTrue(c.readsEof());
        }
    }
}
