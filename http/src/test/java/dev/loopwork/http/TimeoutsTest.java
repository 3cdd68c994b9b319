package dev.loopwork.http;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Idle, head and body-rate timeouts against silent and slow clients (short timeouts, no timing asserted). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TimeoutsTest {

    private static HttpTimeouts.Builder quick() {
        return HttpTimeouts.builder().idle(Duration.ofMillis(300)).head(Duration.ofMillis(300))
                .minBodyRate(1 << 20, Duration.ofMillis(300)).linger(Duration.ofSeconds(5));
    }

    private static RequestHandler ok() {
        return (req, res) -> new BodyConsumer() {
            @Override
            public void onChunk(ByteBuffer chunk, BodyControl control) {
                chunk.position(chunk.limit());
            }

            @Override
            public void onComplete() {
                res.send("ok");
            }
        };
    }

    @Test
    void silentConnectionIsClosedWithoutAnAnswer() throws Exception {
        try (ServerFixture fx = ServerFixture.start(HttpServer.builder().timeouts(quick().build()).handler(ok()))) {
            RawClient c = fx.client();
            assertTrue(c.readsEof(), "closed silently");
        }
    }

    @Test
    void idleKeepAliveConnectionIsClosedAfterItsExchange() throws Exception {
        try (ServerFixture fx = ServerFixture.start(HttpServer.builder().timeouts(quick().build()).handler(ok()))) {
            RawClient c = fx.client();
            c.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals(200, c.read().status());
            assertTrue(c.readsEof());
        }
    }

    @Test
    void incompleteHeadGets408() throws Exception {
        try (ServerFixture fx = ServerFixture.start(HttpServer.builder().timeouts(quick().build()).handler(ok()))) {
            RawClient c = fx.client();
            c.send("GET / HTTP/1.1\r\nHost: h\r\n");
            RawClient.Reply r = c.read();
            assertEquals(408, r.status());
            assertEquals("close", r.header("Connection"));
            assertTrue(c.readsEof());
        }
    }

    @Test
    void slowBodyGets408AndTheConsumerHearsIt() throws Exception {
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        RequestHandler h = (req, res) -> new BodyConsumer() {
            @Override
            public void onChunk(ByteBuffer chunk, BodyControl control) {
                chunk.position(chunk.limit());
            }

            @Override
            public void onComplete() {
                res.send("unexpected");
            }

            @Override
            public void onError(Throwable cause) {
                error.complete(cause);
            }
        };
        try (ServerFixture fx = ServerFixture.start(HttpServer.builder().timeouts(quick().build()).handler(h))) {
            RawClient c = fx.client();
            c.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10000000\r\n\r\nsome bytes");
            RawClient.Reply r = c.read();
            assertEquals(408, r.status());
            assertTrue(c.readsEof());
            HttpException e = assertInstanceOf(HttpException.class, error.get(30, TimeUnit.SECONDS));
            assertEquals(408, e.status());
        }
    }

    @Test
    void timePausedByTheApplicationDoesNotCount() throws Exception {
        AtomicReference<BodyControl> paused = new AtomicReference<>();
        RequestHandler h = (req, res) -> new BodyConsumer() {
            @Override
            public void onChunk(ByteBuffer chunk, BodyControl control) {
                chunk.position(chunk.limit());
                if (paused.get() == null) {
                    control.pause();
                    paused.set(control);
                }
            }

            @Override
            public void onComplete() {
                res.send("done");
            }
        };
        try (ServerFixture fx = ServerFixture.start(HttpServer.builder().timeouts(quick().build()).handler(h))) {
            RawClient c = fx.client();
            byte[] body = new byte[4 << 20];
            c.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: " + body.length + "\r\n\r\n");
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    c.output().write(body);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> paused.get() != null);
            // Paused for several rate windows: the connection must stay open and unanswered.
            Awaitility.await("still open while paused").during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                    .until(() -> c.socket.getInputStream().available() == 0 && paused.get().isPaused());
            paused.get().resume();
            writer.get(30, TimeUnit.SECONDS);
            RawClient.Reply r = c.read();
            assertEquals(200, r.status());
            assertEquals("done", r.text());
        }
    }
}
