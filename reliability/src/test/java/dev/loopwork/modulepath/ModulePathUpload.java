package dev.loopwork.modulepath;

import dev.loopwork.LoopGroup;
import dev.loopwork.Server;
import dev.loopwork.bootstrap.Loopwork;
import dev.loopwork.http.BodyConsumer;
import dev.loopwork.http.BodyControl;
import dev.loopwork.http.HttpServer;
import dev.loopwork.tls.SelfSignedCertificate;
import dev.loopwork.tls.TlsConfig;
import dev.loopwork.tls.TlsContext;
import dev.loopwork.tls.TlsEngine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A TLS + HTTP upload with Loopwork's modules on the module path (run by {@link ModulePathMain}):
 * 4 MiB over HTTPS to an {@link HttpServer} on the auto-selected loop, the server's SHA-256 equal to
 * the client's, with each TLS engine. The OpenSSL engine needs netty's modules in the module graph;
 * the JDK engine must work without them ({@code requires static}).
 */
public class ModulePathUpload {

    @ParameterizedTest(name = "{0} engine")
    @EnumSource(TlsEngine.class)
    void httpsUpload(TlsEngine engine) throws Exception {
        if (engine == TlsEngine.OPENSSL) {
            assumeTrue(ModuleLayer.boot().findModule("io.netty.handler").isPresent(),
                    "netty is not in this module graph: only the JDK engine is expected to work");
            assumeTrue(TlsContext.isOpenSslAvailable(), "OpenSSL engine unavailable here");
        }
        SelfSignedCertificate cert = SelfSignedCertificate.generate(SelfSignedCertificate.KeyType.EC_P256, "localhost");
        try (LoopGroup group = Loopwork.group().loops(1).build()) {
            TlsContext tls = TlsContext.create(TlsConfig.server().keyAndCertificateChain(cert.privateKey(), cert.certificate())
                    .engine(engine).build());
            MessageDigest serverDigest = MessageDigest.getInstance("SHA-256");
            HttpServer http = HttpServer.builder()
                    .handler((request, response) -> new BodyConsumer() {
                        @Override
                        public void onChunk(ByteBuffer chunk, BodyControl control) {
                            serverDigest.update(chunk);
                        }

                        @Override
                        public void onComplete() {
                            response.send(HexFormat.of().formatHex(serverDigest.digest()) + "\n");
                        }
                    })
                    .setup(setup -> setup.addStage(tls.newStage(setup)))
                    .build();
            Server server = http.listen(group, new InetSocketAddress("127.0.0.1", 0));
            byte[] body = new byte[4 * 1024 * 1024];
            new Random(7).nextBytes(body);
            String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            try (SSLSocket s = (SSLSocket) client(cert).getSocketFactory().createSocket("127.0.0.1",
                    server.localAddress().getPort())) {
                s.setSoTimeout(30_000);
                OutputStream out = s.getOutputStream();
                out.write(("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                InputStream in = s.getInputStream();
                String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
                assertEquals(expected, answer.substring(answer.indexOf("\r\n\r\n") + 4).trim(), "SHA-256 stored");
            }
            group.shutdownGracefully(Duration.ofSeconds(5)).toCompletableFuture().join();
        } finally {
            cert.close();
        }
    }

    private static SSLContext client(SelfSignedCertificate cert) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("server", cert.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
