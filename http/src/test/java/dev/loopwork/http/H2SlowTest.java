package dev.loopwork.http;

import dev.loopwork.http.Transports.Wire;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * 1 GiB HTTP/2 uploads, {@code -Pslow} only: curl on every loop (h2c with prior knowledge, and TLS
 * through ALPN), nghttp on nio and epoll. The SHA-256 the server computed equals the file's.
 */
@Tag("slow")
@Timeout(900)
class H2SlowTest {

    static final long SIZE = 1L << 30;

    @TempDir
    static Path dir;

    private static Path file;

    private static synchronized Path file() throws Exception {
        if (file == null) {
            file = TestFiles.random(dir, "1g.bin", SIZE, 42);
        }
        return file;
    }

    private static ServerFixture start(String transport, TestTls tls) {
        return ServerFixture.start(HttpServer.builder().handler(H2Handlers.hashing()), transport, tls);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.loopwork.http.Transports#plainAndTls")
    void curlOneGiB(String transport, Wire wire) throws Exception {
        Assumptions.assumeTrue(TestFiles.available("curl"), "curl is not installed: skipping");
        Path f = file();
        try (TestTls tls = wire == Wire.TLS ? new TestTls("h2", "http/1.1") : null;
             ServerFixture server = start(transport, tls)) {
            List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--fail", "--max-time", "800", "--noproxy", "*",
                    wire == Wire.TLS ? "--http2" : "--http2-prior-knowledge", "-T", f.toString(), // streamed, not read into memory
                    "-w", "%{http_version}"));
            if (tls != null) {
                cmd.addAll(tls.curlArgs());
            }
            cmd.add(server.uri("/up").toString());
            assertEquals("HTTP/2 " + SIZE + " " + TestFiles.sha256(f) + "\n2", TestFiles.run(cmd, 850));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.loopwork.http.H2ClientsTest#nativeAndJdk")
    void nghttpOneGiB(String transport, Wire wire) throws Exception {
        Assumptions.assumeTrue(TestFiles.available("nghttp"),
                "nghttp is not installed (bash http/scripts/install-h2-clients.sh): skipping");
        Path f = file();
        try (TestTls tls = wire == Wire.TLS ? new TestTls("h2", "http/1.1") : null;
             ServerFixture server = start(transport, tls)) {
            String out = TestFiles.run(List.of("nghttp", "-d", f.toString(), server.uri("/up").toString()), 850);
            assertEquals("HTTP/2 " + SIZE + " " + TestFiles.sha256(f) + "\n", out);
        }
    }
}
