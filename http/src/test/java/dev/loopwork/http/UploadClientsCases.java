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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real clients upload to a {@link FileUploadHandler} over loopback, on every transport of
 * {@link Transports}, in clear and over TLS: curl with a Content-Length body, a chunked body and a
 * multipart body of three files, and the JDK {@link HttpClient} (twice on one connection, the
 * second time waiting for {@code 100 Continue}). The SHA-256 the server answers must equal the
 * file's, and so must the stored file's. Subclasses choose the size (16 MiB by default, 1 GiB in
 * the slow profile); the files are made once per class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 15, unit = TimeUnit.MINUTES)
abstract class UploadClientsCases {

    private Path data;
    private Path single;
    private Path partA;
    private Path partB;
    private Path partC;
    private final Map<Path, String> shas = new HashMap<>();
    private TestTls tls;
    private HttpClient plainClient;
    private HttpClient tlsClient;

    private Path uploads;
    private ServerFixture fixture;

    /** Bytes of the main test file (the multipart form carries about as much). */
    abstract long size();

    @BeforeAll
    void files() throws IOException {
        data = Files.createTempDirectory("upload-clients");
        single = TestFiles.random(data, "single.bin", size(), 1);
        partA = TestFiles.random(data, "a.bin", size() / 2, 3);
        partB = TestFiles.random(data, "b b.bin", size() / 2 - 1, 4);
        partC = TestFiles.random(data, "c.bin", 1, 5);
        for (Path f : List.of(single, partA, partB, partC)) {
            shas.put(f, TestFiles.sha256(f));
        }
        tls = new TestTls();
        plainClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
        tlsClient = tls.client().connectTimeout(Duration.ofSeconds(30)).build();
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
                .limits(HttpLimits.builder().maxBodySize(2L << 30).build())
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
                try (Stream<Path> left = Files.list(uploads)) {
                    for (Path p : left.toList()) {
                        Files.delete(p);
                    }
                }
                Files.delete(uploads);
                uploads = null;
            }
        }
    }

    private void checkAnswer(String json, List<Path> files, List<String> filenames) throws IOException {
        List<String> answered = TestFiles.jsonValues(json, "sha256");
        List<String> sizes = TestFiles.jsonValues(json, "size");
        List<String> stored = TestFiles.jsonValues(json, "stored");
        assertEquals(files.size(), stored.size(), "stored files in " + json);
        for (int i = 0; i < files.size(); i++) {
            String sha = shas.get(files.get(i));
            assertEquals(sha, answered.get(i), "SHA-256 answered for " + files.get(i) + " on " + fixture.transport);
            assertEquals(Long.toString(Files.size(files.get(i))), sizes.get(i));
            TestFiles.assertStored(uploads, stored.get(i), sha);
            Files.delete(uploads.resolve(stored.get(i))); // keep the disk use of the 1 GiB runs bounded
        }
        if (filenames != null) {
            assertEquals(filenames, TestFiles.jsonValues(json, "filename"));
        }
    }

    private static void assumeCurl() {
        Assumptions.assumeTrue(TestFiles.available("curl"), "curl is not installed: skipping the curl uploads");
    }

    private String curl(Wire wire, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--fail", "--max-time", "600", "--noproxy", "*"));
        if (wire == Wire.TLS) {
            cmd.addAll(tls.curlArgs());
        }
        cmd.addAll(List.of(args));
        return TestFiles.run(cmd, 660);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.loopwork.http.Transports#plainAndTls")
    void curlContentLength(String transport, Wire wire) throws Exception {
        assumeCurl();
        start(transport, wire);
        String json = curl(wire, "-T", single.toString(), fixture.uri("/cl").toString());
        checkAnswer(json, List.of(single), null);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.loopwork.http.Transports#plainAndTls")
    void curlChunked(String transport, Wire wire) throws Exception {
        assumeCurl();
        start(transport, wire);
        String json = curl(wire, "-H", "Transfer-Encoding: chunked", "-T", single.toString(),
                fixture.uri("/chunked").toString());
        checkAnswer(json, List.of(single), null);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.loopwork.http.Transports#plainAndTls")
    void curlMultipartThreeFiles(String transport, Wire wire) throws Exception {
        assumeCurl();
        start(transport, wire);
        String json = curl(wire, "-F", "first=@" + partA, "-F", "second=@" + partB + ";filename=b b.bin",
                "-F", "note=hello", "-F", "third=@" + partC, fixture.uri("/multi").toString());
        checkAnswer(json, List.of(partA, partB, partC), List.of("a.bin", "b b.bin", "c.bin"));
        assertTrue(json.contains("\"fields\":[{\"field\":\"note\",\"size\":5,"), json);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.loopwork.http.Transports#plainAndTls")
    void jdkHttpClient(String transport, Wire wire) throws Exception {
        start(transport, wire);
        HttpClient client = wire == Wire.TLS ? tlsClient : plainClient;
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(fixture.uri("/jdk"))
                .timeout(Duration.ofMinutes(10)).POST(HttpRequest.BodyPublishers.ofFile(single)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        checkAnswer(r.body(), List.of(single), null);
        // A second upload on the same (kept) connection, this time waiting for 100 Continue.
        HttpResponse<String> again = client.send(HttpRequest.newBuilder(fixture.uri("/jdk2")).expectContinue(true)
                .timeout(Duration.ofMinutes(10)).POST(HttpRequest.BodyPublishers.ofFile(single)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, again.statusCode(), again.body());
        checkAnswer(again.body(), List.of(single), null);
    }
}
