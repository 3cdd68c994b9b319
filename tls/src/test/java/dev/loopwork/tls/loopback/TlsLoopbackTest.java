package dev.loopwork.tls.loopback;

import dev.loopwork.Server;
import dev.loopwork.tls.SelfSignedCertificate;
import dev.loopwork.tls.TlsContext;
import dev.loopwork.tls.TlsEngine;
import dev.loopwork.tls.TlsHandshakeTimeoutException;
import dev.loopwork.tls.TlsSession;
import dev.loopwork.tls.TlsTruncationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TLS stage inside the real connection core, on the NIO loop, over loopback: Loopwork on both
 * ends, and the JDK's {@code SSLSocket} and {@code openssl s_client} as foreign clients. Every test
 * checks that nothing was left behind (descriptors, loop threads, pooled buffers).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class TlsLoopbackTest {

    private static final Logger log = LoggerFactory.getLogger(TlsLoopbackTest.class);
    private static final long MIB = 1024 * 1024;
    private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress("127.0.0.1", 0);

    private static SelfSignedCertificate cert;

    @BeforeAll
    static void certificate() {
        cert = SelfSignedCertificate.generate();
    }

    @AfterAll
    static void deleteCertificate() {
        cert.close();
    }

    private static void assumeAvailable(TlsEngine engine) {
        Assumptions.assumeTrue(engine == TlsEngine.JDK || TlsContext.isOpenSslAvailable(),
                "OpenSSL engine not available here");
    }

    private static TlsContext server(TlsEngine engine) {
        assumeAvailable(engine);
        return TlsContext.create(cert.serverConfig().engine(engine).applicationProtocols("http/1.1").build());
    }

    private static TlsContext client(TlsEngine engine) {
        assumeAvailable(engine);
        return TlsContext.create(cert.clientConfig().engine(engine).applicationProtocols("http/1.1").build());
    }

    private static double mbPerSecond(long bytes, long nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }

    @ParameterizedTest(name = "{0} on both ends")
    @EnumSource(TlsEngine.class)
    void echoesSixtyFourMebibytes(TlsEngine engine) throws Exception {
        TlsContext serverTls = server(engine);
        TlsContext clientTls = client(engine);
        try (LoopbackFixture f = new LoopbackFixture()) {
            EchoServer echo = new EchoServer();
            Server server = f.group.listen(ANY_LOOPBACK_PORT, serverTls.wrap(setup -> echo));
            EchoClient client = new EchoClient(64 * MIB);
            long start = System.nanoTime();
            f.group.connect(server.localAddress(), clientTls.wrap(setup -> client))
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            client.echoed.get(240, TimeUnit.SECONDS);
            long took = System.nanoTime() - start;

            assertEquals(64 * MIB, client.received.bytes());
            assertEquals(client.sent.hex(), client.received.hex(), "what came back is what was sent");
            assertNull(client.closed.get(30, TimeUnit.SECONDS), "the client closed cleanly");
            assertNull(echo.closed.get(30, TimeUnit.SECONDS), "the server saw close_notify, not a truncation");
            TlsSession session = echo.session.get(30, TimeUnit.SECONDS);
            assertEquals(engine, session.engine());
            assertEquals("TLSv1.3", session.protocol());
            assertEquals(Optional.of("http/1.1"), session.applicationProtocol());
            log.info("TLS echo of 64 MiB each way, {} engine on both ends, nio loop: {} MB/s each way "
                    + "({} ms, server paused reading {} times)", engine,
                    String.format("%.0f", mbPerSecond(64 * MIB, took)), took / 1_000_000, echo.pauses);
            server.close();
        }
    }

    @ParameterizedTest(name = "{0} on both ends")
    @EnumSource(TlsEngine.class)
    void uploadCompletesWhileTheServerPausesAfterEverySixteenKibibytes(TlsEngine engine) throws Exception {
        TlsContext serverTls = server(engine);
        TlsContext clientTls = client(engine);
        try (LoopbackFixture f = new LoopbackFixture()) {
            PausingUploadServer upload = new PausingUploadServer(16 * 1024, 32 * MIB);
            Server server = f.group.listen(ANY_LOOPBACK_PORT, serverTls.wrap(setup -> upload));
            UploadClient client = new UploadClient(32 * MIB, 16 * 1024, false);
            f.group.connect(server.localAddress(), clientTls.wrap(setup -> client))
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);

            String answer = client.response.get(240, TimeUnit.SECONDS);

            assertEquals(client.sent.hex(), answer, "the server hashed exactly the upload");
            assertEquals(32 * MIB, upload.taken());
            assertEquals(2048, upload.pauses, "paused after every 16 KiB and resumed from a timer");
            assertNull(upload.closed.get(30, TimeUnit.SECONDS));
            assertNull(client.closed.get(30, TimeUnit.SECONDS));
            log.info("TLS upload of 32 MiB in 16 KiB records with 2048 pauses, {} engine: {} ms", engine,
                    (client.endNanos - client.startNanos) / 1_000_000);
            server.close();
        }
    }

    @ParameterizedTest(name = "{0} on both ends")
    @EnumSource(TlsEngine.class)
    void tls13HalfCloseEndsTheUploadAndTheAnswerStillComes(TlsEngine engine) throws Exception {
        TlsContext serverTls = server(engine);
        TlsContext clientTls = client(TlsEngine.JDK);
        try (LoopbackFixture f = new LoopbackFixture()) {
            PausingUploadServer upload = new PausingUploadServer(16 * 1024, 0);
            Server server = f.group.listen(ANY_LOOPBACK_PORT, serverTls.wrap(setup -> upload));
            UploadClient client = new UploadClient(2 * MIB, 16 * 1024, true);
            f.group.connect(server.localAddress(), clientTls.wrap(setup -> client))
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            if (engine == TlsEngine.JDK) {
                String answer = client.response.get(120, TimeUnit.SECONDS);
                assertEquals(2 * MIB, upload.taken(), "every byte before the close_notify was delivered");
                assertEquals(client.sent.hex(), answer, "answered after the client's close_notify");
                assertNull(upload.closed.get(30, TimeUnit.SECONDS));
            } else {
                // netty's OpenSSL engine answers a close_notify with its own and closes both
                // directions: the late answer cannot go out, and that fails loudly, at once.
                Throwable cause = upload.closed.get(30, TimeUnit.SECONDS);
                assertTrue(cause instanceof SSLException && cause.getMessage().contains("no half-close"),
                        String.valueOf(cause));
                assertTrue(client.response.handle((r, e) -> e != null).get(30, TimeUnit.SECONDS));
            }
            server.close();
        }
    }

    @ParameterizedTest(name = "server {0}")
    @EnumSource(TlsEngine.class)
    void jdkSslSocketClient(TlsEngine serverEngine) throws Exception {
        TlsContext serverTls = server(serverEngine);
        try (LoopbackFixture f = new LoopbackFixture()) {
            EchoServer echo = new EchoServer();
            Server server = f.group.listen(ANY_LOOPBACK_PORT, serverTls.wrap(setup -> echo));
            byte[] payload = new byte[(int) (8 * MIB)];
            new SplittableRandom(5).nextBytes(payload);
            Sha256 expected = new Sha256();
            expected.update(payload, 0, payload.length);
            Sha256 got = new Sha256();
            try (SSLSocket socket = (SSLSocket) trustingContext().getSocketFactory()
                    .createSocket("127.0.0.1", server.localAddress().getPort())) {
                SSLParameters p = socket.getSSLParameters();
                p.setServerNames(List.of(new SNIHostName("localhost")));
                p.setEndpointIdentificationAlgorithm("HTTPS");
                p.setApplicationProtocols(new String[] {"http/1.1"});
                socket.setSSLParameters(p);
                socket.startHandshake();
                CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
                    try {
                        OutputStream out = socket.getOutputStream();
                        out.write(payload);
                        out.flush();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                InputStream in = socket.getInputStream();
                byte[] back = in.readNBytes(payload.length);
                got.update(back, 0, back.length);
                written.get(60, TimeUnit.SECONDS);
                assertEquals("TLSv1.3", socket.getSession().getProtocol());
                assertEquals("http/1.1", socket.getApplicationProtocol());
            }
            assertEquals(expected.hex(), got.hex(), "echoed through the Loopwork TLS server");
            Throwable cause = echo.closed.get(30, TimeUnit.SECONDS);
            // SSLSocket.close() sends close_notify and closes at once, so the server's own goodbye
            // may meet a reset; what matters is that it was not a TLS failure or a truncation.
            assertFalse(cause instanceof SSLException, "no TLS failure at the end: " + cause);
            assertEquals(List.of("localhost"), echo.session.get().serverNames());
            server.close();
        }
    }

    @ParameterizedTest(name = "server {0}")
    @EnumSource(TlsEngine.class)
    void finWithoutCloseNotifyReachesTheHandlerAsTruncation(TlsEngine serverEngine) throws Exception {
        TlsContext serverTls = server(serverEngine);
        try (LoopbackFixture f = new LoopbackFixture()) {
            EchoServer echo = new EchoServer();
            Server server = f.group.listen(ANY_LOOPBACK_PORT, serverTls.wrap(setup -> echo));
            int port = server.localAddress().getPort();
            try (Socket raw = new Socket("127.0.0.1", port)) {
                // TLS over the raw socket, which is then closed under it: a FIN without close_notify.
                SSLSocket tls = (SSLSocket) trustingContext().getSocketFactory().createSocket(raw, "localhost", port,
                        false);
                tls.startHandshake();
                byte[] data = new byte[1000];
                tls.getOutputStream().write(data);
                tls.getOutputStream().flush();
                assertEquals(1000, tls.getInputStream().readNBytes(1000).length, "echoed before the cut");
            }
            Throwable cause = echo.closed.get(30, TimeUnit.SECONDS);
            assertTrue(cause instanceof TlsTruncationException, String.valueOf(cause));
            assertTrue(cause.getMessage().contains("without close_notify after 1000 application bytes"),
                    cause.getMessage());
            server.close();
        }
    }

    @ParameterizedTest(name = "server {0}")
    @EnumSource(TlsEngine.class)
    void silentClientIsClosedByTheHandshakeTimeout(TlsEngine serverEngine) throws Exception {
        assumeAvailable(serverEngine);
        TlsContext serverTls = TlsContext.create(cert.serverConfig().engine(serverEngine)
                .handshakeTimeout(Duration.ofMillis(300)).build());
        try (LoopbackFixture f = new LoopbackFixture()) {
            EchoServer echo = new EchoServer();
            Server server = f.group.listen(ANY_LOOPBACK_PORT, serverTls.wrap(setup -> echo));
            try (Socket raw = new Socket("127.0.0.1", server.localAddress().getPort())) {
                raw.setSoTimeout(30_000);
                try {
                    assertEquals(-1, raw.getInputStream().read(), "the server sends nothing before it closes");
                } catch (SocketException reset) {
                    // an abortive close: fine, the connection is gone either way
                }
            }
            Throwable cause = echo.closed.get(30, TimeUnit.SECONDS);
            assertTrue(cause instanceof TlsHandshakeTimeoutException, String.valueOf(cause));
            assertFalse(echo.session.isDone(), "the handler was never opened");
            server.close();
        }
    }

    @ParameterizedTest(name = "server {0}")
    @EnumSource(TlsEngine.class)
    void opensslSClient(TlsEngine serverEngine) throws Exception {
        Optional<Path> openssl = findOnPath("openssl");
        Assumptions.assumeTrue(openssl.isPresent(), "openssl is not installed (apt-get install openssl); "
                + "the s_client interoperability test needs it");
        TlsContext serverTls = server(serverEngine);
        try (LoopbackFixture f = new LoopbackFixture()) {
            EchoServer echo = new EchoServer();
            Server server = f.group.listen(ANY_LOOPBACK_PORT, serverTls.wrap(setup -> echo));
            Path stderr = Files.createTempFile("s_client", ".err");
            Process process = new ProcessBuilder(openssl.get().toString(), "s_client",
                    "-connect", "127.0.0.1:" + server.localAddress().getPort(), "-servername", "localhost",
                    "-CAfile", cert.certificateFile().toString(), "-verify_return_error",
                    "-verify_hostname", "localhost", "-alpn", "http/1.1",
                    "-quiet", "-no_ign_eof", "-nocommands")
                    .redirectError(stderr.toFile()).start();
            try {
                byte[] payload = new byte[(int) MIB];
                new SplittableRandom(8).nextBytes(payload);
                Sha256 expected = new Sha256();
                expected.update(payload, 0, payload.length);
                OutputStream stdin = process.getOutputStream();
                CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
                    try {
                        stdin.write(payload);
                        stdin.flush();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                byte[] back = process.getInputStream().readNBytes(payload.length);
                written.get(60, TimeUnit.SECONDS);
                Sha256 got = new Sha256();
                got.update(back, 0, back.length);
                assertEquals(expected.hex(), got.hex(), "echoed to s_client; its stderr: " + Files.readString(stderr));
                stdin.close(); // s_client sends close_notify and leaves
                assertTrue(process.waitFor(60, TimeUnit.SECONDS), "s_client ended");
                assertEquals(0, process.exitValue(), "s_client: " + Files.readString(stderr));
                TlsSession session = echo.session.get(30, TimeUnit.SECONDS);
                assertEquals("TLSv1.3", session.protocol());
                assertEquals(Optional.of("http/1.1"), session.applicationProtocol());
                Throwable cause = echo.closed.get(30, TimeUnit.SECONDS);
                assertFalse(cause instanceof SSLException, "no TLS failure at the end: " + cause);
            } finally {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                process.getOutputStream().close();
                process.getInputStream().close();
                process.getErrorStream().close();
                Files.deleteIfExists(stderr);
            }
            server.close();
        }
    }

    private static SSLContext trustingContext() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("localhost", cert.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static Optional<Path> findOnPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
