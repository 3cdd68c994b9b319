package dev.loopwork.http;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A consumer that pauses stops the socket from being read: the client's writes block (TCP pushes
 * back), no byte reaches the consumer, the server holds a bounded number of buffers; after resume
 * every byte arrives, in order.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BackpressureTest {

    private static final int SIZE = 48 << 20;

    private static byte[] data(long seed) {
        byte[] b = new byte[SIZE];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Hashes what it gets; pauses when told to, from the loop. */
    private static final class Hashing implements BodyConsumer {
        final MessageDigest sha = TestFiles.digest();
        final AtomicLong received = new AtomicLong();
        final Response response;
        final long pauseEvery;
        final CompletableFuture<BodyControl> firstPause = new CompletableFuture<>();
        final ExecutorService resumer;
        long sincePause;

        Hashing(Response response, long pauseEvery, ExecutorService resumer) {
            this.response = response;
            this.pauseEvery = pauseEvery;
            this.resumer = resumer;
        }

        @Override
        public void onChunk(ByteBuffer chunk, BodyControl control) {
            int n = chunk.remaining();
            sha.update(chunk);
            received.addAndGet(n);
            sincePause += n;
            if (pauseEvery == 0 ? !firstPause.isDone() : sincePause >= pauseEvery) {
                sincePause = 0;
                control.pause();
                firstPause.complete(control);
                if (resumer != null) {
                    resumer.execute(control::resume); // resumed from another thread
                }
            }
        }

        @Override
        public void onComplete() {
            response.send(HexFormat.of().formatHex(sha.digest()));
        }
    }

    @Test
    void pausedConsumerStopsTheSocketAndMemoryStaysFlat() throws Exception {
        AtomicReference<Hashing> consumer = new AtomicReference<>();
        try (ServerFixture fx = ServerFixture.start((req, res) -> {
            Hashing h = new Hashing(res, 0, null); // pauses once, at the first chunk, until the test resumes
            consumer.set(h);
            return h;
        })) {
            byte[] body = data(1);
            RawClient client = fx.client();
            client.send("POST /pause HTTP/1.1\r\nHost: h\r\nContent-Length: " + SIZE + "\r\n\r\n");
            AtomicLong written = new AtomicLong();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = client.output();
                    for (int off = 0; off < SIZE; off += 65536) {
                        out.write(body, off, Math.min(65536, SIZE - off));
                        written.addAndGet(Math.min(65536, SIZE - off));
                    }
                    out.flush();
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            Awaitility.await("the request reached the handler").atMost(Duration.ofSeconds(30))
                    .until(() -> consumer.get() != null);
            BodyControl control = consumer.get().firstPause.get(30, TimeUnit.SECONDS);
            long atPause = consumer.get().received.get();
            // Wait until the client cannot write any more: its writes are blocked by TCP.
            long[] last = {-1};
            int[] stable = {0};
            Awaitility.await("the client's writes stall").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250)).until(() -> {
                        long w = written.get();
                        stable[0] = w == last[0] ? stable[0] + 1 : 0;
                        last[0] = w;
                        return stable[0] >= 4;
                    });
            assertTrue(written.get() < SIZE, "the client is blocked before the end: " + written.get() + " of " + SIZE);
            assertEquals(atPause, consumer.get().received.get(), "no byte delivered while paused");
            long buffers = fx.group.buffers().outstanding();
            assertTrue(buffers <= 4, "the server holds a bounded number of buffers while paused: " + buffers);
            assertTrue(control.isPaused());

            control.resume();
            writer.get(60, TimeUnit.SECONDS);
            RawClient.Reply reply = client.read();
            assertEquals(200, reply.status());
            assertEquals(TestFiles.sha256(body), reply.text(), "every byte arrived, in order");
            assertEquals(SIZE, consumer.get().received.get());
        }
    }

    @Test
    void manyPausesResumedFromAnotherThread() throws Exception {
        ExecutorService resumer = Executors.newSingleThreadExecutor();
        try (ServerFixture fx = ServerFixture.start((req, res) -> new Hashing(res, 1 << 20, resumer))) {
            byte[] body = data(2);
            RawClient client = fx.client();
            for (int round = 0; round < 2; round++) { // twice on one connection: pauses end with the exchange
                client.send("POST /many HTTP/1.1\r\nHost: h\r\nContent-Length: " + SIZE + "\r\n\r\n");
                CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                    try {
                        client.output().write(body);
                    } catch (Exception e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                });
                RawClient.Reply reply = client.read();
                writer.get(60, TimeUnit.SECONDS);
                assertEquals(200, reply.status());
                assertEquals(TestFiles.sha256(body), reply.text());
            }
        } finally {
            resumer.shutdown();
            assertTrue(resumer.awaitTermination(30, TimeUnit.SECONDS));
        }
    }
}
