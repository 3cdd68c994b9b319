package dev.loopwork.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real clients upload to a {@link FileUploadHandler} over loopback on the nio loop: curl with a
 * Content-Length body, a chunked body and a multipart body of three files, and the JDK
 * {@link HttpClient}. The SHA-256 the server answers must equal the file's, and so must the stored
 * file's. Subclasses choose the size (32 MiB by default, 1 GiB in the slow profile).
 */
abstract class UploadClientsCases {

    @TempDir
    Path tmp;
    Path uploads;
    ServerFixture fixture;

    /** Bytes of the main test file. */
    abstract long size();

    @BeforeEach
    void start() throws IOException {
        uploads = Files.createDirectory(tmp.resolve("uploads"));
        fixture = ServerFixture.start(HttpServer.builder()
                .limits(HttpLimits.builder().maxBodySize(2L << 30).build())
                .handler(new FileUploadHandler(uploads)));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
        try (Stream<Path> left = Files.list(uploads)) {
            for (Path p : left.toList()) {
                Files.delete(p);
            }
        }
    }

    private void checkAnswer(String json, List<Path> files, List<String> filenames) throws IOException {
        List<String> shas = TestFiles.jsonValues(json, "sha256");
        List<String> sizes = TestFiles.jsonValues(json, "size");
        List<String> stored = TestFiles.jsonValues(json, "stored");
        assertEquals(files.size(), stored.size(), "stored files in " + json);
        for (int i = 0; i < files.size(); i++) {
            String sha = TestFiles.sha256(files.get(i));
            assertEquals(sha, shas.get(i), "SHA-256 answered for " + files.get(i));
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

    private String curl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("curl", "-sS", "--fail", "--max-time", "600",
                "--noproxy", "*"));
        cmd.addAll(List.of(args));
        return TestFiles.run(cmd, 660);
    }

    @Test
    void curlContentLength() throws Exception {
        assumeCurl();
        Path f = TestFiles.random(tmp, "cl.bin", size(), 1);
        String json = curl("-T", f.toString(), fixture.uri("/cl").toString());
        checkAnswer(json, List.of(f), null);
    }

    @Test
    void curlChunked() throws Exception {
        assumeCurl();
        Path f = TestFiles.random(tmp, "chunked.bin", size(), 2);
        String json = curl("-H", "Transfer-Encoding: chunked", "-T", f.toString(), fixture.uri("/chunked").toString());
        checkAnswer(json, List.of(f), null);
    }

    @Test
    void curlMultipartThreeFiles() throws Exception {
        assumeCurl();
        Path a = TestFiles.random(tmp, "a.bin", size() / 2, 3);
        Path b = TestFiles.random(tmp, "b b.bin", size() / 2 - 1, 4);
        Path c = TestFiles.random(tmp, "c.bin", 1, 5);
        String json = curl("-F", "first=@" + a, "-F", "second=@" + b + ";filename=b b.bin", "-F", "note=hello",
                "-F", "third=@" + c, fixture.uri("/multi").toString());
        checkAnswer(json, List.of(a, b, c), List.of("a.bin", "b b.bin", "c.bin"));
        assertTrue(json.contains("\"fields\":[{\"field\":\"note\",\"size\":5,"), json);
    }

    @Test
    void jdkHttpClient() throws Exception {
        Path f = TestFiles.random(tmp, "jdk.bin", size(), 6);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(fixture.uri("/jdk"))
                .timeout(Duration.ofMinutes(10)).POST(HttpRequest.BodyPublishers.ofFile(f)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        checkAnswer(r.body(), List.of(f), null);
        // A second upload on the same (kept) connection, this time waiting for 100 Continue.
        HttpResponse<String> again = client.send(HttpRequest.newBuilder(fixture.uri("/jdk2")).expectContinue(true)
                .timeout(Duration.ofMinutes(10)).POST(HttpRequest.BodyPublishers.ofFile(f)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, again.statusCode(), again.body());
        checkAnswer(again.body(), List.of(f), null);
    }
}
