package dev.loopwork.http;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link FileUploadHandler}: what it stores, and that failed uploads leave nothing behind. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FileUploadHandlerTest {

    @TempDir
    Path tmp;

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void createsAnOwnerOnlyDirectoryAndStoresRawAndMultipartBodies() throws Exception {
        Path dir = tmp.resolve("new/uploads");
        FileUploadHandler handler = new FileUploadHandler(dir);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        try (ServerFixture fx = ServerFixture.start(handler)) {
            RawClient c = fx.client();
            c.send("PUT /raw HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc");
            RawClient.Reply r = c.read();
            assertEquals(200, r.status());
            assertEquals("application/json", r.header("Content-Type"));
            String sha = TestFiles.sha256("abc".getBytes());
            assertEquals(List.of(sha), TestFiles.jsonValues(r.text(), "sha256"));
            TestFiles.assertStored(dir, TestFiles.jsonValues(r.text(), "stored").get(0), sha);

            String body = "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"../../etc/passwd\"\r\n\r\n"
                    + "secret\r\n--XyZ\r\nContent-Disposition: form-data; name=\"q\\\"uote\"\r\n\r\nfield\r\n--XyZ--\r\n";
            c.send("POST /multi HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/form-data; boundary=XyZ\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body);
            RawClient.Reply m = c.read();
            assertEquals(200, m.status(), m.text());
            List<String> stored = TestFiles.jsonValues(m.text(), "stored");
            assertEquals(1, stored.size(), m.text());
            assertTrue(stored.get(0).startsWith("upload-"), "the client's file name is never a path");
            TestFiles.assertStored(dir, stored.get(0), TestFiles.sha256("secret".getBytes()));
            assertTrue(m.text().contains("\"filename\":\"../../etc/passwd\""), m.text());
            assertTrue(m.text().contains("\"field\":\"q\\\"uote\""), "JSON escaping: " + m.text());
            assertEquals(2, files(dir).size());

            c.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            RawClient.Reply get = c.read();
            assertEquals(405, get.status());
            assertEquals("POST, PUT", get.header("Allow"));
        }
    }

    @Test
    void connectionDyingMidUploadRemovesThePartialFile() throws Exception {
        Path dir = tmp.resolve("up");
        try (ServerFixture fx = ServerFixture.start(new FileUploadHandler(dir))) {
            RawClient c = fx.client();
            c.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1000000\r\n\r\n" + "x".repeat(50_000));
            Awaitility.await("a partial file exists").atMost(Duration.ofSeconds(30))
                    .until(() -> !files(dir).isEmpty());
            c.socket.setSoLinger(true, 0);
            c.close(); // reset
            Awaitility.await("the partial file is removed").atMost(Duration.ofSeconds(30))
                    .until(() -> files(dir).isEmpty());
        }
    }

    @Test
    void malformedMultipartRemovesTheFilesAlreadyStored() throws Exception {
        Path dir = tmp.resolve("up");
        try (ServerFixture fx = ServerFixture.start(new FileUploadHandler(dir))) {
            RawClient c = fx.client();
            String body = "--B\r\nContent-Disposition: form-data; name=a; filename=a\r\n\r\ncomplete part\r\n"
                    + "--B\r\nContent-Disposition: form-data; name=b; filename=b\r\n\r\ncut short";
            c.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/form-data; boundary=B\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body);
            RawClient.Reply r = c.read();
            assertEquals(400, r.status());
            assertTrue(r.text().contains("closing delimiter"), r.text());
            assertTrue(c.readsEof());
            // Removed on the disk executor, right after the failure: waited for, bounded.
            Awaitility.await("both the complete and the partial file are gone").atMost(Duration.ofSeconds(30))
                    .until(() -> files(dir).isEmpty());
        }
    }

    @Test
    void anEmptyBodyIsStoredAsAnOwnerOnlyEmptyFile() throws Exception {
        // No byte is ever written, so the file is created when the body ends (on the disk executor).
        Path dir = tmp.resolve("up");
        try (ServerFixture fx = ServerFixture.start(new FileUploadHandler(dir))) {
            RawClient c = fx.client();
            c.send("PUT /empty HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n");
            RawClient.Reply r = c.read();
            assertEquals(200, r.status(), r.text());
            String sha = TestFiles.sha256(new byte[0]);
            assertEquals(List.of(sha), TestFiles.jsonValues(r.text(), "sha256"));
            String stored = TestFiles.jsonValues(r.text(), "stored").get(0);
            TestFiles.assertStored(dir, stored, sha);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(stored))));
        }
    }

    @Test
    void multipartWithoutBoundaryIs400() throws Exception {
        Path dir = tmp.resolve("up");
        try (ServerFixture fx = ServerFixture.start(new FileUploadHandler(dir))) {
            RawClient c = fx.client();
            c.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/form-data\r\nContent-Length: 1\r\n\r\nx");
            assertEquals(400, c.read().status());
            assertEquals(List.of(), files(dir));
        }
    }
}
