package dev.loopwork.uploadserver;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The packaged jar, started the way the README says ({@code java -jar
 * upload-server/target/loopwork-upload-server.jar ...}) in a process of its own: it comes up with
 * its startup line, serves {@code curl -k -T file https://...} with the SHA-256 in the answer, stops
 * on SIGTERM removing its self-signed certificate, and refuses a bad argument with one line and
 * exit code 2. Runs in the integration-test phase, after the jar is built.
 */
class UploadServerJarIT {

    private static final Path JAR = Path.of(System.getProperty("uploadServer.jar", "target/loopwork-upload-server.jar"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @BeforeAll
    static void jarAndCurlAreThere() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "the packaged jar " + JAR.toAbsolutePath());
        assumeTrue(Curl.available(), "curl is not installed");
    }

    @Test
    void httpsUploadWithCurlThenSigterm(@TempDir Path tmp) throws Exception {
        byte[] content = new byte[2 * 1024 * 1024 + 5];
        new Random(3).nextBytes(content);
        Path file = Files.write(tmp.resolve("file.bin"), content);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));

        Process server = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "--tls", "--self-signed", "--port", "0",
                "--dir", tmp.resolve("up").toString())
                .redirectError(tmp.resolve("server.err").toFile())
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine(); // the startup line, or null if the server died
            assertNotNull(line, () -> "no startup line; stderr: " + read(tmp.resolve("server.err")));
            Matcher m = Pattern.compile("^upload server on (https://127\\.0\\.0\\.1:\\d+/) \\| transport (\\S+) .*"
                    + "\\| TLS engine jdk \\(self-signed certificate (\\S+)\\) \\| max body 1G \\| uploads in (.+)$").matcher(line);
            assertTrue(m.matches(), line);
            Path certDir = Path.of(m.group(3)).getParent();

            String answer = Curl.run("-sS", "--fail-with-body", "-k", "-T", file.toString(), m.group(1));
            assertTrue(answer.contains("\"size\":" + content.length + ",\"sha256\":\"" + sha256 + "\""), answer);

            server.destroy(); // SIGTERM: the shutdown hook stops the server gracefully
            assertTrue(server.waitFor(60, TimeUnit.SECONDS), "server stopped after SIGTERM");
            assertFalse(Files.exists(certDir), "self-signed certificate deleted: " + certDir);
        } finally {
            server.destroyForcibly();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void badArgumentOneLineExitCode2() throws Exception {
        Process p = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "--port", "x").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), err);
        assertEquals("", out);
        assertEquals("upload-server: --port: not a port number (0 to 65535): 'x' (see --help)", err.strip());
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
