package dev.loopwork.uploadserver;

import dev.loopwork.bootstrap.Loopwork;
import dev.loopwork.bootstrap.ProviderStatus;
import dev.loopwork.tls.TlsContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The server as a user runs it: started from its command line, curl uploads over HTTP and HTTPS
 * (with {@code -k}, as the README shows), the answer carries the SHA-256 of what was sent and the
 * file holds it. After each run: no pooled buffer out, no loop thread left, no socket left open,
 * the self-signed certificate's files deleted.
 */
class UploadServerTest {

    private static final Pattern STORED = Pattern.compile("\"stored\":\"([^\"]+)\",\"size\":(\\d+),\"sha256\":\"([0-9a-f]{64})\"");

    @BeforeAll
    static void curlIsThere() throws Exception {
        assumeTrue(Curl.available(), "curl is not installed");
        // The JDK opens a process-wide socketpair the first time it closes a socket: make it exist
        // before any baseline of open sockets is taken.
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ss.getLocalPort();
        }
    }

    @ParameterizedTest(name = "{0}, TLS engine {1}")
    @CsvSource({"nio, jdk", "epoll, openssl", "io_uring, jdk"})
    void curlUploadOverHttpsWithASelfSignedCertificate(String transport, String engine, @TempDir Path tmp) throws Exception {
        assumeAvailable(transport);
        assumeTrue(!engine.equals("openssl") || TlsContext.isOpenSslAvailable(), "the OpenSSL engine cannot run here");
        runUpload(tmp, "--tls", "--self-signed", "--engine", engine, "--transport", transport);
    }

    @Test
    void curlUploadOverHttpOnTheDefaultTransport(@TempDir Path tmp) throws Exception {
        runUpload(tmp);
    }

    private void runUpload(Path tmp, String... extra) throws Exception {
        Path dir = tmp.resolve("uploads");
        List<String> args = new ArrayList<>(List.of("--port", "0", "--loops", "2", "--dir", dir.toString()));
        args.addAll(List.of(extra));
        Path file = tmp.resolve("upload.bin");
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(content);
        Files.write(file, content);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));

        long socketsBefore = openSockets();
        UploadServer server = UploadServer.start(Options.parse(args.toArray(String[]::new)));
        Path certDir = null;
        try {
            String line = server.startupLine();
            boolean tls = args.contains("--tls");
            assertTrue(line.startsWith("upload server on " + (tls ? "https" : "http") + "://127.0.0.1:"
                    + server.address().getPort() + "/ | transport " + server.group().transport() + " (2 loops) | "), line);
            assertTrue(line.endsWith("| max body 1G | uploads in " + dir.toAbsolutePath()), line);
            if (tls) {
                String engine = args.get(args.indexOf("--engine") + 1);
                assertTrue(line.contains("| TLS engine " + engine + " (self-signed certificate "), line);
                certDir = Path.of(line.replaceAll(".*self-signed certificate (\\S+)\\).*", "$1")).getParent();
                assertTrue(Files.isDirectory(certDir), line);
            } else {
                assertTrue(line.contains("| no TLS |"), line);
            }

            String answer = Curl.run("-sS", "--fail-with-body", "-k", "-T", file.toString(), server.url());
            Matcher m = STORED.matcher(answer);
            assertTrue(m.find(), answer);
            assertEquals(sha256, m.group(3), answer);
            assertEquals(content.length, Long.parseLong(m.group(2)), answer);
            assertArrayEquals(content, Files.readAllBytes(dir.resolve(m.group(1))));
            assertFalse(m.find(), "one file: " + answer);
        } finally {
            server.close();
        }
        assertEquals(0, server.group().buffers().outstanding(), () -> server.group().buffers().leakReport());
        await("loop threads ended").atMost(Duration.ofSeconds(30)).until(() -> Thread.getAllStackTraces().keySet()
                .stream().noneMatch(t -> t.isAlive() && t.getName().startsWith("upload-server-")));
        await("sockets closed").atMost(Duration.ofSeconds(30)).until(() -> openSockets() <= socketsBefore);
        if (certDir != null) {
            assertFalse(Files.exists(certDir), "self-signed certificate files deleted: " + certDir);
        }
    }

    @Test
    void badArgumentsGetOneLineAndExitCode2() {
        for (String[] args : new String[][] {{"--port", "x"}, {"--transport", "no-such-loop"}, {"--tls"},
                {"--tls", "--self-signed", "--transport", "kqueue-manual", "--port", "0"}}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = UploadServerMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String e = err.toString(StandardCharsets.UTF_8);
            assertEquals(2, code, e);
            assertEquals("", out.toString(StandardCharsets.UTF_8));
            assertTrue(e.startsWith("upload-server: --") && e.endsWith(" (see --help)" + System.lineSeparator()), e);
            assertEquals(1, e.lines().count(), e);
        }
    }

    @Test
    void aTakenPortGetsOneLineAndExitCode1(@TempDir Path tmp) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = UploadServerMain.run(new String[] {"--transport", "nio", "--port",
                            String.valueOf(taken.getLocalPort()), "--dir", tmp.toString()},
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String e = err.toString(StandardCharsets.UTF_8);
            assertEquals(1, code, e);
            assertTrue(e.startsWith("upload-server: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": "), e);
            assertEquals(1, e.lines().count(), e);
        }
    }

    @Test
    void helpExitsWithZeroAndListsTheTransportsOfThisProcess() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = UploadServerMain.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(0, code);
        String help = out.toString(StandardCharsets.UTF_8);
        for (String name : new String[] {"nio", "epoll", "io_uring", "kqueue"}) {
            assertTrue(help.contains(name), () -> "--help names " + name + ":\n" + help);
        }
    }

    private static void assumeAvailable(String transport) {
        assumeTrue(Loopwork.providers().stream().anyMatch(p -> p.name().equals(transport) && p.isAvailable()),
                () -> transport + " is not available here: " + Loopwork.providers().stream()
                        .filter(p -> p.name().equals(transport)).findFirst()
                        .flatMap(ProviderStatus::unavailabilityCause).map(Throwable::getMessage).orElse("not found"));
    }

    /** Sockets this process has open (Linux); 0 elsewhere, where the check is then empty. */
    private static long openSockets() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(fds)) {
            return s.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException e) {
                    return false; // closed while listing
                }
            }).count();
        }
    }
}
