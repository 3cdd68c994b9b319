package dev.loopwork.http;

import dev.loopwork.tls.SelfSignedCertificate;
import dev.loopwork.tls.TlsContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same HTTP server over TLS: the TLS stage is added in the setup hook and the HTTP layer does
 * not change. Includes a consumer that pauses and is resumed from another thread, so decrypted
 * bytes wait above the socket (the pending-input case the core's fakePollIn contract exists for).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsUploadTest {

    @TempDir
    Path tmp;
    SelfSignedCertificate cert;
    TlsContext tls;

    @BeforeEach
    void certificate() {
        cert = SelfSignedCertificate.generate();
        tls = TlsContext.create(cert.serverConfig().build());
    }

    @AfterEach
    void removeCertificate() {
        cert.close();
    }

    private ServerFixture server(RequestHandler handler) {
        return ServerFixture.start(HttpServer.builder().setup(setup -> setup.addStage(tls.newStage(setup)))
                .handler(handler));
    }

    private URI https(ServerFixture fx, String path) {
        return URI.create("https://127.0.0.1:" + fx.port() + path);
    }

    private HttpClient client() throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("test", cert.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ssl).build();
    }

    @Test
    void curlAndJdkUploadsOverTls() throws Exception {
        Path uploads = tmp.resolve("uploads");
        try (ServerFixture fx = server(new FileUploadHandler(uploads))) {
            Path f = TestFiles.random(tmp, "tls.bin", 16 << 20, 21);
            String sha = TestFiles.sha256(f);
            HttpResponse<String> r = client().send(HttpRequest.newBuilder(https(fx, "/jdk"))
                    .timeout(Duration.ofMinutes(1)).POST(HttpRequest.BodyPublishers.ofFile(f)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(List.of(sha), TestFiles.jsonValues(r.body(), "sha256"));
            if (!TestFiles.available("curl")) {
                Assumptions.abort("curl is not installed: the JDK client part ran over TLS, curl did not");
            }
            String chunked = TestFiles.run(List.of("curl", "-sS", "--fail", "--noproxy", "*", "--cacert",
                    cert.certificateFile().toString(), "-H", "Transfer-Encoding: chunked", "-T", f.toString(),
                    https(fx, "/curl").toString()), 120);
            assertEquals(List.of(sha), TestFiles.jsonValues(chunked, "sha256"));
            String multipart = TestFiles.run(List.of("curl", "-sS", "--fail", "--noproxy", "*", "--cacert",
                    cert.certificateFile().toString(), "-F", "a=@" + f, "-F", "b=@" + f,
                    https(fx, "/multi").toString()), 120);
            assertEquals(List.of(sha, sha), TestFiles.jsonValues(multipart, "sha256"));
        }
    }

    @Test
    void pausedConsumerOverTlsGetsEveryByteAfterResume() throws Exception {
        ExecutorService resumer = Executors.newSingleThreadExecutor();
        RequestHandler pausing = (req, res) -> new BodyConsumer() {
            final MessageDigest sha = TestFiles.digest();
            long sincePause;

            @Override
            public void onChunk(ByteBuffer chunk, BodyControl control) {
                // Take only part of each chunk before pausing: the rest waits, decrypted, above the socket.
                int take = Math.min(chunk.remaining(), 1000);
                ByteBuffer part = chunk.duplicate();
                part.limit(part.position() + take);
                sha.update(part);
                chunk.position(chunk.position() + take);
                sincePause += take;
                if (chunk.hasRemaining() || sincePause > (256 << 10)) {
                    sincePause = 0;
                    control.pause();
                    resumer.execute(control::resume);
                }
            }

            @Override
            public void onComplete() {
                res.send(HexFormat.of().formatHex(sha.digest()));
            }
        };
        try (ServerFixture fx = server(pausing)) {
            Path f = TestFiles.random(tmp, "paused.bin", 2 << 20, 22);
            HttpResponse<String> r = client().send(HttpRequest.newBuilder(https(fx, "/paused"))
                    .timeout(Duration.ofMinutes(1)).POST(HttpRequest.BodyPublishers.ofFile(f)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(TestFiles.sha256(f), r.body());
        } finally {
            resumer.shutdown();
            assertTrue(resumer.awaitTermination(30, TimeUnit.SECONDS));
        }
    }
}
