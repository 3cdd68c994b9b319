package dev.loopwork.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Graceful shutdown: idle keep-alive connections close at once, an upload in flight finishes and
 * gets its answer (with {@code Connection: close}), then the group terminates.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShutdownTest {

    @Test
    void uploadInFlightFinishesIdleConnectionClosesAtOnce() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        RequestHandler hashing = (req, res) -> new BodyConsumer() {
            final MessageDigest sha = TestFiles.digest();

            @Override
            public void onChunk(ByteBuffer chunk, BodyControl control) {
                sha.update(chunk);
                started.countDown();
            }

            @Override
            public void onComplete() {
                res.send(HexFormat.of().formatHex(sha.digest()));
            }
        };
        try (ServerFixture fx = ServerFixture.start(hashing)) {
            RawClient idle = fx.client();
            idle.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals(200, idle.read().status());

            byte[] body = new byte[8 << 20];
            new Random(5).nextBytes(body);
            RawClient uploading = fx.client();
            uploading.send("POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: " + body.length + "\r\n\r\n");
            uploading.output().write(body, 0, body.length / 2);
            assertTrue(started.await(30, TimeUnit.SECONDS));

            CompletableFuture<Void> shutdown = fx.group.shutdownGracefully(Duration.ofSeconds(30)).toCompletableFuture();
            assertTrue(idle.readsEof(), "the idle keep-alive connection is closed at once");
            assertFalse(shutdown.isDone(), "the upload in flight holds the shutdown");

            uploading.output().write(body, body.length / 2, body.length - body.length / 2);
            RawClient.Reply r = uploading.read();
            assertEquals(200, r.status());
            assertEquals(TestFiles.sha256(body), r.text());
            assertEquals("close", r.header("Connection"), "the last answer announces the close");
            assertTrue(uploading.readsEof());
            shutdown.get(30, TimeUnit.SECONDS);
        }
    }
}
