package dev.loopwork.reliability;

import dev.loopwork.http.HttpTimeouts;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many concurrent idle connections, plain or TLS, on one server; then every one of them sends a
 * request and must be answered. The clients run in a JVM of their own ({@link IdleClientMain}), so
 * the heap per connection printed here is the server's alone: measured, never asserted tightly.
 * The descriptor limit is checked (and raised for this JVM if the OS allows); if it cannot hold the
 * connections the test is skipped, saying why.
 */
class IdleConnectionsTest {

    static Stream<Arguments> cases() {
        return Transports.selected().flatMap(t -> Stream.of(Arguments.of(t, "plain"), Arguments.of(t, "tls")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void idleConnectionsAreHeldThenAllServed(String transport, String mode) throws Exception {
        boolean tls = mode.equals("tls");
        int n = Scale.idleConnections(tls);
        String limit = FdLimit.ensure(n + 1024L);
        UploadServer.Options o = new UploadServer.Options().tls(tls)
                .timeouts(HttpTimeouts.builder().idle(Duration.ofMinutes(15)).build())
                .handshakeTimeout(Duration.ofMinutes(2));
        long t0 = System.nanoTime();
        try (UploadServer server = UploadServer.start("idle", transport, o)) {
            long heapBefore = Baseline.heapAfterGc();
            long directBefore = Baseline.directBytes();
            Process child = startClient(server, n, tls);
            List<String> childLog = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.US_ASCII)); OutputStream in = child.getOutputStream()) {
                String open = expect(out, "OPEN", child, childLog);
                String[] f = open.split(" ");
                assertEquals(n, Integer.parseInt(f[1]), () -> "client connections open (" + open + ")");
                server.awaitConnections(n);
                long heapHeld = Baseline.heapAfterGc();
                long directHeld = Baseline.directBytes();
                long opened = System.nanoTime();
                in.write("GO\n".getBytes(StandardCharsets.US_ASCII));
                in.flush();
                String served = expect(out, "SERVED", child, childLog);
                String[] s = served.split(" ");
                assertEquals(n + " 0", s[1] + ' ' + s[2], "connections served (served, not served)");
                assertEquals(n, server.pings.get(), "requests the server answered");
                expect(out, "DONE", child, childLog);
                assertTrue(child.waitFor(2, TimeUnit.MINUTES), "client process ended");
                assertEquals(0, child.exitValue(), "client process exit code");
                long servedAt = System.nanoTime();
                server.awaitNoConnections("after the idle clients left");
                // Two estimates: held minus before (also counts what earlier tests left for the
                // collector) and held minus after close (steadier, unless the server keeps something
                // of closed connections: then the two differ, which is worth seeing).
                long heapAfter = Baseline.heapAfterGc();
                System.out.printf("[idle] %s %s: %d concurrent idle connections held, then all %d served; "
                                + "server heap per connection %.1f KiB (held - before) / %.1f KiB (held - after close) "
                                + "[before %s, held %s, after close %s], direct buffers %.1f KiB per connection; "
                                + "open %.1f s, serve %.1f s; %s%n",
                        transport, mode, n, n, (heapHeld - heapBefore) / 1024.0 / n, (heapHeld - heapAfter) / 1024.0 / n,
                        Baseline.mib(heapBefore), Baseline.mib(heapHeld), Baseline.mib(heapAfter),
                        (directHeld - directBefore) / 1024.0 / n, (opened - t0) / 1e9, (servedAt - opened) / 1e9,
                        limit);
            } finally {
                if (child.isAlive()) {
                    child.destroyForcibly();
                    child.waitFor(30, TimeUnit.SECONDS);
                }
                Wire.closeQuietly(child.getErrorStream());
            }
        }
    }

    private static Process startClient(UploadServer server, int n, boolean tls) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xmx768m", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), IdleClientMain.class.getName(),
                "127.0.0.1", Integer.toString(server.address(tls).getPort()), Integer.toString(n),
                tls ? "tls" : "plain", Certs.get().certificateFile().toString());
        File err = File.createTempFile("rel-idle-client-", ".log");
        err.deleteOnExit();
        return new ProcessBuilder(cmd).redirectError(err).start();
    }

    /** The next line starting with {@code word}, read with a bound. */
    private static String expect(BufferedReader out, String word, Process child, List<String> log) throws Exception {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                for (String l = out.readLine(); l != null; l = out.readLine()) {
                    log.add(l);
                    if (l.startsWith(word + ' ') || l.equals(word)) {
                        return l;
                    }
                }
                return null;
            } catch (java.io.IOException e) {
                return null;
            }
        });
        String l = line.get(10, TimeUnit.MINUTES);
        if (l == null) {
            throw new AssertionError("the client process ended before '" + word + "' (alive " + child.isAlive()
                    + "): " + log);
        }
        return l;
    }
}
