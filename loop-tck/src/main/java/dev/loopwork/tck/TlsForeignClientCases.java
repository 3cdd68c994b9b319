package dev.loopwork.tck;

import dev.loopwork.Server;
import dev.loopwork.tls.TlsEngine;
import org.junit.jupiter.api.Assumptions;

import javax.net.ssl.SSLSocket;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Case 11i: clients that are not Loopwork against a TLS echo server on the provider under test: the
 * JDK's {@code SSLSocket}, and {@code openssl s_client} where the {@code openssl} command is
 * installed (skipped with that reason where it is not).
 */
final class TlsForeignClientCases {

    static final int BYTES = 1024 * 1024;

    private final TckContext ctx;

    TlsForeignClientCases(TckContext ctx) {
        this.ctx = ctx;
    }

    /** A JDK {@code SSLSocket} sends 1 MiB and reads it back, SHA-256 equal, then closes. */
    void sslSocket(TlsEngine engine) throws Exception {
        TlsFixture tls = new TlsFixture(ctx, engine);
        TlsEchoHandler echo = new TlsEchoHandler(ctx.violations());
        Server server = ctx.group().listen(TckContext.loopback(), tls.server(setup -> echo));
        byte[] payload = payload(51);
        try (SSLSocket socket = (SSLSocket) TlsCertificate.newTrustingJdkContext().getSocketFactory()
                .createSocket(TckContext.loopback().getAddress(), server.localAddress().getPort())) {
            javax.net.ssl.SSLParameters p = socket.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            p.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName(TlsCertificate.HOST)));
            socket.setSSLParameters(p);
            socket.setSoTimeout((int) ctx.settings().awaitTimeout().toMillis());
            OutputStream out = socket.getOutputStream();
            CompletableFuture<Void> written = CompletableFuture.runAsync(() -> write(out, payload),
                    ctx.executor("sslsocket-writer"));
            byte[] back = socket.getInputStream().readNBytes(payload.length);
            ctx.await(written, "SSLSocket writer");
            assertEquals(sha(payload), sha(back),
                    "SHA-256 of what the SSLSocket got back");
        }
        ctx.await(echo.closed, "server onClosed after the SSLSocket left");
        assertEquals(engine, ctx.await(echo.session, "server TlsSession").engine());
    }

    /** {@code openssl s_client} sends 1 MiB and reads it back, SHA-256 equal, then leaves with close_notify. */
    void opensslSClient(TlsEngine engine) throws Exception {
        Optional<Path> openssl = onPath("openssl");
        Assumptions.assumeTrue(openssl.isPresent(), "the openssl command is not installed; the s_client check needs it");
        TlsFixture tls = new TlsFixture(ctx, engine);
        TlsEchoHandler echo = new TlsEchoHandler(ctx.violations());
        Server server = ctx.group().listen(TckContext.loopback(), tls.server(setup -> echo));
        Path stderr = Files.createTempFile("tck-s_client", ".err");
        Process process = new ProcessBuilder(openssl.get().toString(), "s_client",
                "-connect", "127.0.0.1:" + server.localAddress().getPort(), "-servername", TlsCertificate.HOST,
                "-CAfile", TlsCertificate.get().certificateFile().toString(), "-verify_return_error",
                "-verify_hostname", TlsCertificate.HOST, "-quiet", "-no_ign_eof", "-nocommands")
                .redirectError(stderr.toFile()).start();
        try {
            byte[] payload = payload(53);
            OutputStream stdin = process.getOutputStream();
            CompletableFuture<Void> written = CompletableFuture.runAsync(() -> write(stdin, payload),
                    ctx.executor("s_client-writer"));
            InputStream stdout = process.getInputStream();
            byte[] back = stdout.readNBytes(payload.length);
            ctx.await(written, "s_client writer");
            assertEquals(sha(payload), sha(back),
                    "SHA-256 of what s_client got back; its stderr: " + Files.readString(stderr));
            stdin.close(); // s_client sends close_notify and leaves
            assertTrue(process.waitFor(ctx.settings().awaitTimeout().toMillis(), TimeUnit.MILLISECONDS),
                    "s_client ended after its stdin closed");
            assertEquals(0, process.exitValue(), "s_client's exit status; its stderr: " + Files.readString(stderr));
            ctx.await(echo.closed, "server onClosed after s_client left");
        } finally {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            process.getOutputStream().close();
            process.getInputStream().close();
            process.getErrorStream().close();
            Files.deleteIfExists(stderr);
        }
    }

    private static String sha(byte[] bytes) {
        return Digests.hex(Digests.sha256().digest(bytes));
    }

    private static byte[] payload(long seed) {
        byte[] b = new byte[BYTES];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    private static void write(OutputStream out, byte[] payload) {
        try {
            out.write(payload);
            out.flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Optional<Path> onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
