package dev.loopwork.http;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 1 GiB uploads in a JVM with a 64 MiB heap (the {@code lowmem} execution of {@code -Pslow} forks
 * with {@code -Xmx64m}), on nio and on epoll: memory does not grow with the body, whatever the
 * client (the JDK {@code HttpClient} with a Content-Length body, curl with a chunked multipart one).
 */
@Tag("slow")
@Tag("lowmem")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class LowMemoryTest {

    private static final long SIZE = 1L << 30;

    @TempDir
    Path tmp;

    /** Deterministic pseudo-random bytes, hashed as they are produced. */
    private static final class Generated extends InputStream {
        final MessageDigest sha = TestFiles.digest();
        final Random random = new Random(77);
        final byte[] block = new byte[1 << 16];
        long left = SIZE;
        int pos = block.length;

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            if (pos == block.length) {
                random.nextBytes(block);
                pos = 0;
            }
            int n = (int) Math.min(Math.min(len, block.length - pos), left);
            System.arraycopy(block, pos, b, off, n);
            sha.update(block, pos, n);
            pos += n;
            left -= n;
            return n;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio", "epoll"})
    void gibibyteUploadsWithA64MiBHeap(String transport) throws Exception {
        assertTrue(Runtime.getRuntime().maxMemory() <= 80L << 20,
                "runs in the -Xmx64m fork, max heap is " + Runtime.getRuntime().maxMemory());
        Path uploads = tmp.resolve("uploads");
        try (ServerFixture fx = ServerFixture.start(HttpServer.builder()
                .limits(HttpLimits.builder().maxBodySize(2L << 30).build())
                .handler(new FileUploadHandler(uploads)), transport)) {
            Generated gen = new Generated();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(() -> gen), SIZE);
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(fx.uri("/big")).timeout(Duration.ofMinutes(8))
                    .POST(body).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            String sha = HexFormat.of().formatHex(gen.sha.digest());
            assertEquals(List.of(sha), TestFiles.jsonValues(r.body(), "sha256"), transport);
            assertEquals(List.of(Long.toString(SIZE)), TestFiles.jsonValues(r.body(), "size"));
            Files.delete(uploads.resolve(TestFiles.jsonValues(r.body(), "stored").get(0)));

            if (TestFiles.available("curl")) {
                Path f = TestFiles.random(tmp, "big.bin", SIZE, 78);
                String fileSha = TestFiles.sha256(f);
                String json = TestFiles.run(List.of("curl", "-sS", "--fail", "--noproxy", "*", "-H",
                        "Transfer-Encoding: chunked", "-F", "f=@" + f, fx.uri("/curl").toString()), 600);
                assertEquals(List.of(fileSha), TestFiles.jsonValues(json, "sha256"), transport);
                Files.delete(f);
            } else {
                Assumptions.abort("curl is not installed: the JDK client part ran, the curl part did not");
            }
        }
    }
}
