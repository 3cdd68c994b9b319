package com.example.uploads;

import dev.loopwork.LoopGroup;
import dev.loopwork.Server;
import dev.loopwork.bootstrap.Loopwork;
import dev.loopwork.bootstrap.ProviderStatus;
import dev.loopwork.http.FileUploadHandler;
import dev.loopwork.http.HttpServer;
import dev.loopwork.tls.SelfSignedCertificate;
import dev.loopwork.tls.TlsContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a user of the published artifacts writes: an HTTPS upload server on the epoll loop, a file
 * uploaded with the JDK's HTTP client, and its SHA-256 in the answer. Skipped, with the reason, where
 * epoll cannot run (this project brings no other loop).
 */
class TlsUploadTest {

    @Test
    void uploadOverTls(@TempDir Path tmp) throws Exception {
        byte[] body = new byte[4 * 1024 * 1024 + 3];
        new Random(7).nextBytes(body);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        ProviderStatus epoll = Loopwork.providers().stream().filter(p -> p.name().equals("epoll")).findFirst()
                .orElseThrow(() -> new AssertionError("loopwork-epoll's provider is not on the class path"));
        assumeTrue(epoll.isAvailable(), () -> "epoll cannot run here: "
                + epoll.unavailabilityCause().map(Throwable::getMessage).orElse("no cause given"));

        try (SelfSignedCertificate cert = SelfSignedCertificate.generate(SelfSignedCertificate.KeyType.EC_P256,
                "localhost", "127.0.0.1");
             LoopGroup group = Loopwork.group().transport("epoll").loops(2).build()) {
            TlsContext tls = TlsContext.create(cert.serverConfig().applicationProtocols("http/1.1").build());
            Server server = HttpServer.builder()
                    .handler(new FileUploadHandler(tmp.resolve("uploads")))
                    .setup(setup -> setup.addStage(tls.newStage(setup)))
                    .build()
                    .listen(group, new InetSocketAddress("127.0.0.1", 0));

            HttpResponse<String> answer = client(cert).send(HttpRequest.newBuilder()
                    .uri(URI.create("https://127.0.0.1:" + server.localAddress().getPort() + "/"))
                    .timeout(Duration.ofSeconds(60))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(200, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("\"size\":" + body.length + ",\"sha256\":\"" + sha256 + "\""), answer.body());
            try (var files = Files.list(tmp.resolve("uploads"))) {
                assertEquals(1, files.count());
            }
        }
    }

    private static HttpClient client(SelfSignedCertificate cert) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("server", cert.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ssl).build();
    }
}
