package dev.loopwork.http;

import dev.loopwork.http.Transports.Wire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An upload above {@link HttpLimits#maxBodySize()} must reach the client as a 413 it can read, not
 * as a connection reset: the server answers at once, shuts its output, and drops the body still
 * coming (the lingering close). Checked on every transport of {@link Transports}, in clear and over
 * TLS, with the JDK {@link HttpClient} (Content-Length and chunked) and Python's {@code http.client}
 * (which sends the whole body before it reads anything), {@link #rounds()} times each, a new
 * connection each round.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
abstract class OversizeCases {

    static final int LIMIT = 1 << 20;
    static final int UPLOAD = 16 << 20;

    private Path data;
    private Path big;
    private TestTls tls;
    private Path uploads;
    private ServerFixture fixture;

    abstract int rounds();

    @BeforeAll
    void files() throws IOException {
        data = Files.createTempDirectory("oversize");
        big = TestFiles.random(data, "big.bin", UPLOAD, 9);
        tls = new TestTls();
    }

    @AfterAll
    void removeFiles() throws IOException {
        if (tls != null) {
            tls.close();
        }
        if (data != null) {
            try (Stream<Path> all = Files.walk(data)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private void start(String transport, Wire wire) throws IOException {
        uploads = Files.createDirectory(data.resolve("uploads-" + transport + "-" + wire));
        fixture = ServerFixture.start(HttpServer.builder()
                .limits(HttpLimits.builder().maxBodySize(LIMIT).build())
                .handler(new FileUploadHandler(uploads)), transport, wire == Wire.TLS ? tls : null);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (fixture != null) {
                fixture.close();
            }
        } finally {
            fixture = null;
            if (uploads != null) {
                try (var left = Files.list(uploads)) {
                    assertEquals(List.of(), left.toList(), "no file stays behind");
                }
                Files.delete(uploads);
                uploads = null;
            }
        }
    }

    private HttpClient client(Wire wire) {
        return (wire == Wire.TLS ? tls.client() : HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1))
                .connectTimeout(Duration.ofSeconds(30)).build();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.loopwork.http.Transports#plainAndTls")
    void jdkHttpClientReads413(String transport, Wire wire) throws Exception {
        start(transport, wire);
        HttpClient client = client(wire);
        for (int i = 0; i < rounds(); i++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(fixture.uri("/big?round=" + i))
                    .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.ofFile(big)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(413, r.statusCode(), transport + " " + wire + ", round " + i + ": " + r.body());
            assertTrue(r.body().startsWith("413 Content Too Large"), r.body());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.loopwork.http.Transports#plainAndTls")
    void jdkHttpClientChunkedReads413(String transport, Wire wire) throws Exception {
        start(transport, wire);
        HttpClient client = client(wire);
        for (int i = 0; i < rounds(); i++) {
            // A publisher without a known length makes the client send chunks.
            HttpRequest.BodyPublisher chunked = HttpRequest.BodyPublishers.ofInputStream(() -> {
                try {
                    return Files.newInputStream(big);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(fixture.uri("/chunked?round=" + i))
                    .timeout(Duration.ofMinutes(2)).POST(chunked).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(413, r.statusCode(), transport + " " + wire + ", round " + i + ": " + r.body());
        }
    }

    /**
     * Like Python's client, but always there: the head and the whole body in one write, and only then
     * a read. The server answers after the head, so most of the body arrives after the answer; the
     * write only completes if the server goes on reading and dropping it.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.loopwork.http.Transports#plainAndTls")
    void rawClientSendsAllThenReads413(String transport, Wire wire) throws Exception {
        start(transport, wire);
        byte[] head = ("POST /raw HTTP/1.1\r\nHost: test\r\nContent-Length: " + UPLOAD + "\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + UPLOAD];
        System.arraycopy(head, 0, request, 0, head.length);
        for (int i = 0; i < rounds(); i++) {
            try (RawClient client = fixture.client()) {
                client.send(request);
                RawClient.Reply r = client.read();
                assertEquals(413, r.status(), transport + " " + wire + ", round " + i + ": " + r.text());
                assertEquals("close", r.header("Connection"));
                assertTrue(client.readsEof(), "a clean end after the answer");
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.loopwork.http.Transports#plainAndTls")
    void pythonHttpClientReads413(String transport, Wire wire) throws Exception {
        Assumptions.assumeTrue(TestFiles.available("python3"), "python3 is not installed: skipping http.client");
        start(transport, wire);
        Path script = data.resolve("upload.py");
        Files.writeString(script, String.join("\n",
                "import http.client, ssl, sys",
                "port, path, rounds, cafile = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]",
                "body = open(path, 'rb').read()",
                "for i in range(rounds):",
                "    if cafile == '-':",
                "        c = http.client.HTTPConnection('127.0.0.1', port, timeout=120)",
                "    else:",
                "        c = http.client.HTTPSConnection('127.0.0.1', port, timeout=120,",
                "                                        context=ssl.create_default_context(cafile=cafile))",
                "    c.request('POST', '/py?round=%d' % i, body=body)",
                "    r = c.getresponse()",
                "    print(r.status, r.read().decode().split(':')[0])",
                "    c.close()",
                ""));
        List<String> cmd = new ArrayList<>(List.of("python3", script.toString(), Integer.toString(fixture.port()),
                big.toString(), Integer.toString(rounds()),
                wire == Wire.TLS ? tls.cert.certificateFile().toString() : "-"));
        String out = TestFiles.run(cmd, 600);
        String[] lines = out.strip().split("\n");
        assertEquals(rounds(), lines.length, out);
        for (String line : lines) {
            assertEquals("413 413 Content Too Large", line.strip(), transport + " " + wire + ": " + out);
        }
    }
}
