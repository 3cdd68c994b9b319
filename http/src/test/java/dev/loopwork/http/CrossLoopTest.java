package dev.loopwork.http;

import dev.loopwork.tls.SelfSignedCertificate;
import dev.loopwork.tls.TlsContext;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP layer on loops it knows nothing about: the example loops an integrator would write, on
 * their own thread or driven by {@code tick()}, with and without {@code fakePollIn}. The whole
 * corpus must behave as on nio and epoll ({@link CorpusTest}), and an HTTPS upload whose consumer
 * keeps pausing (decrypted bytes wait above the socket, which only the core's pending-input
 * handling delivers) must arrive whole on every transport.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CrossLoopTest {

    @ParameterizedTest
    @MethodSource("dev.loopwork.http.Transports#examples")
    void corpus(String transport) throws Exception {
        try (ServerFixture fx = ServerFixture.start(CorpusTest.server(), transport)) {
            for (CorpusTest.Case c : CorpusTest.cases()) {
                try {
                    CorpusTest.run(c, fx);
                } catch (AssertionError | Exception e) {
                    throw new AssertionError(transport + ", " + c.name() + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** On every transport, nio and epoll included. */
    @ParameterizedTest
    @MethodSource("dev.loopwork.http.Transports#all")
    void pausingHttpsUpload(String transport) throws Exception {
        ExecutorService resumer = Executors.newSingleThreadExecutor();
        try (SelfSignedCertificate cert = SelfSignedCertificate.generate()) {
            TlsContext tls = TlsContext.create(cert.serverConfig().build());
            RequestHandler pausing = (req, res) -> new BodyConsumer() {
                final MessageDigest sha = TestFiles.digest();

                @Override
                public void onChunk(ByteBuffer chunk, BodyControl control) {
                    ByteBuffer part = chunk.duplicate();
                    part.limit(part.position() + Math.min(chunk.remaining(), 5000));
                    sha.update(part);
                    chunk.position(part.position());
                    control.pause();
                    resumer.execute(control::resume);
                }

                @Override
                public void onComplete() {
                    res.send(HexFormat.of().formatHex(sha.digest()));
                }
            };
            try (ServerFixture fx = ServerFixture.start(HttpServer.builder()
                    .setup(setup -> setup.addStage(tls.newStage(setup))).handler(pausing), transport)) {
                byte[] body = new byte[1 << 20];
                new Random(4).nextBytes(body);
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                trust.setCertificateEntry("test", cert.certificate());
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                SSLContext ssl = SSLContext.getInstance("TLS");
                ssl.init(null, tmf.getTrustManagers(), null);
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ssl).build();
                for (int round = 0; round < 2; round++) {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                                    URI.create("https://127.0.0.1:" + fx.port() + "/r" + round))
                            .timeout(Duration.ofMinutes(1)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, r.statusCode(), r.body());
                    assertEquals(TestFiles.sha256(body), r.body(), transport);
                }
            }
        } finally {
            resumer.shutdown();
            assertTrue(resumer.awaitTermination(30, TimeUnit.SECONDS));
        }
    }
}
