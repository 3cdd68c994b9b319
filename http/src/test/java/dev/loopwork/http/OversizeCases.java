package dev.loopwork.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An upload above {@link HttpLimits#maxBodySize()} must reach the client as a 413 it can read, not
 * as a connection reset: the server answers at once, shuts its output, and drops the body still
 * coming (the lingering close). Checked with the JDK {@link HttpClient} and Python's
 * {@code http.client} (which sends the whole body before it reads anything), {@link #rounds()}
 * times each.
 */
abstract class OversizeCases {

    static final int LIMIT = 1 << 20;
    static final int UPLOAD = 16 << 20;

    @TempDir
    Path tmp;
    ServerFixture fixture;

    abstract int rounds();

    @BeforeEach
    void start() throws Exception {
        fixture = ServerFixture.start(HttpServer.builder()
                .limits(HttpLimits.builder().maxBodySize(LIMIT).build())
                .handler(new FileUploadHandler(tmp.resolve("uploads"))));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
        try (var left = Files.list(tmp.resolve("uploads"))) {
            assertEquals(List.of(), left.toList(), "no file stays behind");
        }
    }

    @Test
    void jdkHttpClientReads413() throws Exception {
        Path f = TestFiles.random(tmp, "big.bin", UPLOAD, 9);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < rounds(); i++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(fixture.uri("/big?round=" + i))
                    .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.ofFile(f)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(413, r.statusCode(), "round " + i + ": " + r.body());
            assertTrue(r.body().startsWith("413 Content Too Large"), r.body());
        }
    }

    @Test
    void jdkHttpClientChunkedReads413() throws Exception {
        Path f = TestFiles.random(tmp, "big.bin", UPLOAD, 10);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < rounds(); i++) {
            // A publisher without a known length makes the client send chunks.
            HttpRequest.BodyPublisher chunked = HttpRequest.BodyPublishers.ofInputStream(() -> {
                try {
                    return Files.newInputStream(f);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(fixture.uri("/chunked?round=" + i))
                    .timeout(Duration.ofMinutes(2)).POST(chunked).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(413, r.statusCode(), "round " + i + ": " + r.body());
        }
    }

    @Test
    void pythonHttpClientReads413() throws Exception {
        Assumptions.assumeTrue(TestFiles.available("python3"), "python3 is not installed: skipping http.client");
        Path script = tmp.resolve("upload.py");
        Files.writeString(script, String.join("\n",
                "import http.client, sys",
                "port, path, rounds = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])",
                "body = open(path, 'rb').read()",
                "for i in range(rounds):",
                "    c = http.client.HTTPConnection('127.0.0.1', port, timeout=120)",
                "    c.request('POST', '/py?round=%d' % i, body=body)",
                "    r = c.getresponse()",
                "    print(r.status, r.read().decode().split(':')[0])",
                "    c.close()",
                ""));
        Path f = TestFiles.random(tmp, "big.bin", UPLOAD, 11);
        String out = TestFiles.run(List.of("python3", script.toString(), Integer.toString(fixture.port()),
                f.toString(), Integer.toString(rounds())), 600);
        String[] lines = out.strip().split("\n");
        assertEquals(rounds(), lines.length, out);
        for (String line : lines) {
            assertEquals("413 413 Content Too Large", line.strip(), out);
        }
    }
}
