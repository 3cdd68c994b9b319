package dev.loopwork.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP server over TLS with a consumer that takes part of each chunk, pauses, and is resumed
 * from another thread, so decrypted bytes wait above the socket (the pending-input case the core's
 * fakePollIn contract exists for), on every transport. The uploads of real clients over TLS are in
 * {@link UploadClientsCases}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsUploadTest {

    @TempDir
    Path tmp;
    TestTls tls;

    @BeforeEach
    void certificate() {
        tls = new TestTls();
    }

    @AfterEach
    void removeCertificate() {
        tls.close();
    }

    @ParameterizedTest
    @MethodSource("dev.loopwork.http.Transports#all")
    void pausedConsumerOverTlsGetsEveryByteAfterResume(String transport) throws Exception {
        ExecutorService resumer = Executors.newSingleThreadExecutor();
        RequestHandler pausing = (req, res) -> new BodyConsumer() {
            final MessageDigest sha = TestFiles.digest();
            long sincePause;

            @Override
            public void onChunk(ByteBuffer chunk, BodyControl control) {
                // Take only part of each chunk before pausing: the rest waits, decrypted, above the socket.
                int take = Math.min(chunk.remaining(), 1000);
                ByteBuffer part = chunk.duplicate();
                part.limit(part.position() + take);
                sha.update(part);
                chunk.position(chunk.position() + take);
                sincePause += take;
                if (chunk.hasRemaining() || sincePause > (256 << 10)) {
                    sincePause = 0;
                    control.pause();
                    resumer.execute(control::resume);
                }
            }

            @Override
            public void onComplete() {
                res.send(HexFormat.of().formatHex(sha.digest()));
            }
        };
        try (ServerFixture fx = ServerFixture.start(HttpServer.builder().handler(pausing), transport, tls)) {
            Path f = TestFiles.random(tmp, "paused.bin", 2 << 20, 22);
            HttpResponse<String> r = tls.client().build().send(HttpRequest.newBuilder(fx.uri("/paused"))
                    .timeout(Duration.ofMinutes(1)).POST(HttpRequest.BodyPublishers.ofFile(f)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(TestFiles.sha256(f), r.body(), transport);
        } finally {
            resumer.shutdown();
            assertTrue(resumer.awaitTermination(30, TimeUnit.SECONDS));
        }
    }
}
