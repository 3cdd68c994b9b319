package dev.loopwork.tls;

import dev.loopwork.tls.pump.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading key material (PEM PKCS#8 RSA and EC, key stores) and the builder's checks. */
class TlsConfigTest {

    private static final char[] PASSWORD = "changeit-for-tests".toCharArray();

    @TempDir
    Path dir;

    private static void assertHandshakes(TlsConfig server, TlsConfig client) throws Exception {
        Endpoint c = TestTls.clientEndpoint(TlsContext.create(client));
        Endpoint s = TestTls.serverEndpoint(TlsContext.create(server));
        TestTls.pump(c, s).handshake();
        assertTrue(c.stage().isEstablished() && s.stage().isEstablished());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.loopwork.tls.TestTls#engines")
    void pemPkcs8RsaAndEcKeys(TlsEngine engine) throws Exception {
        TestTls.assumeAvailable(engine);
        for (SelfSignedCertificate cert : new SelfSignedCertificate[] {TestTls.RSA, TestTls.EC}) {
            assertTrue(Files.readString(cert.privateKeyFile()).startsWith("-----BEGIN PRIVATE KEY-----"));
            TlsConfig server = TlsConfig.server().keyAndCertificateChain(cert.privateKeyFile(), cert.certificateFile())
                    .engine(engine).build();
            assertTrue(server.toString().contains(cert.privateKeyFile().toString()), server.toString());
            assertHandshakes(server, cert.clientConfig().engine(engine).build());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.loopwork.tls.TestTls#engines")
    void keyStoreFileAndObject(TlsEngine engine) throws Exception {
        TestTls.assumeAvailable(engine);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", TestTls.EC.privateKey(), PASSWORD, new Certificate[] {TestTls.EC.certificate()});
        Path file = dir.resolve("server.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", TestTls.EC.certificate());

        TlsConfig fromFile = TlsConfig.server().keyStore(file, PASSWORD).engine(engine).build();
        TlsConfig fromObject = TlsConfig.server().keyStore(store, PASSWORD).engine(engine).build();
        TlsConfig client = TlsConfig.client().trustStore(trust).serverName("localhost").engine(engine).build();
        assertHandshakes(fromFile, client);
        assertHandshakes(fromObject, client);

        TlsConfigException wrong = assertThrows(TlsConfigException.class,
                () -> TlsConfig.server().keyStore(file, "wrong".toCharArray()));
        assertTrue(wrong.getMessage().contains(file.toString()), wrong.getMessage());
        TlsConfigException noKey = assertThrows(TlsConfigException.class,
                () -> TlsConfig.server().keyStore(trust, PASSWORD));
        assertTrue(noKey.getMessage().contains("no private key"), noKey.getMessage());
    }

    @Test
    void legacyAndEncryptedKeyFormatsAreRejectedWithAHowTo() throws Exception {
        Path pkcs1 = dir.resolve("rsa.pem");
        Files.writeString(pkcs1, "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK==\n-----END RSA PRIVATE KEY-----\n");
        TlsConfigException e = assertThrows(TlsConfigException.class,
                () -> TlsConfig.server().keyAndCertificateChain(pkcs1, TestTls.RSA.certificateFile()));
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt") && e.getMessage().contains("rsa.pem"),
                e.getMessage());

        Path sec1 = dir.resolve("ec.pem");
        Files.writeString(sec1, "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIA==\n-----END EC PRIVATE KEY-----\n");
        e = assertThrows(TlsConfigException.class,
                () -> TlsConfig.server().keyAndCertificateChain(sec1, TestTls.EC.certificateFile()));
        assertTrue(e.getMessage().contains("PKCS#8"), e.getMessage());

        Path encrypted = dir.resolve("enc.pem");
        Files.writeString(encrypted, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0w\n"
                + "-----END ENCRYPTED PRIVATE KEY-----\n");
        e = assertThrows(TlsConfigException.class,
                () -> TlsConfig.server().keyAndCertificateChain(encrypted, TestTls.EC.certificateFile()));
        assertTrue(e.getMessage().contains("encrypted"), e.getMessage());
    }

    @Test
    void mismatchedOrMissingMaterialIsNamed() throws Exception {
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> TlsConfig.server()
                .keyAndCertificateChain(TestTls.RSA.privateKeyFile(), TestTls.EC.certificateFile()));
        assertTrue(e.getMessage().contains("RSA") && e.getMessage().contains("EC"), e.getMessage());

        try (SelfSignedCertificate other = SelfSignedCertificate.generate(SelfSignedCertificate.KeyType.EC_P256,
                "localhost")) {
            e = assertThrows(TlsConfigException.class, () -> TlsConfig.server()
                    .keyAndCertificateChain(TestTls.EC.privateKeyFile(), other.certificateFile()));
            assertTrue(e.getMessage().contains("does not match"), e.getMessage());
        }

        Path empty = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");
        e = assertThrows(TlsConfigException.class, () -> TlsConfig.client().trustCertificates(empty));
        assertTrue(e.getMessage().contains("empty.pem") && e.getMessage().contains("BEGIN CERTIFICATE"),
                e.getMessage());
        e = assertThrows(TlsConfigException.class, () -> TlsConfig.client().trustCertificates(TestTls.EC.privateKeyFile()));
        assertTrue(e.getMessage().contains("PRIVATE KEY"), "names what the file holds instead: " + e.getMessage());

        Path missing = dir.resolve("missing.pem");
        e = assertThrows(TlsConfigException.class,
                () -> TlsConfig.server().keyAndCertificateChain(missing, TestTls.EC.certificateFile()));
        assertTrue(e.getMessage().contains("missing.pem") && e.getMessage().contains("cannot be read"), e.getMessage());

        e = assertThrows(TlsConfigException.class, () -> TlsConfig.server().build());
        assertTrue(e.getMessage().contains("needs a private key"), e.getMessage());
        e = assertThrows(TlsConfigException.class, () -> TestTls.EC.serverConfig().clientAuth(ClientAuth.REQUIRE).build());
        assertTrue(e.getMessage().contains("trust"), e.getMessage());
    }

    @Test
    void builderChecksItsArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TlsConfig.client().protocols("TLSv1.1"));
        assertTrue(e.getMessage().contains("TLSv1.1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TlsConfig.client().protocols());
        assertThrows(IllegalArgumentException.class, () -> TlsConfig.client().protocols("TLSv1.3", null));
        e = assertThrows(IllegalArgumentException.class, () -> TlsConfig.client().cipherSuites("AES128-GCM-SHA256"));
        assertTrue(e.getMessage().contains("AES128-GCM-SHA256"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TlsConfig.client().applicationProtocols(""));
        assertThrows(IllegalArgumentException.class, () -> TlsConfig.client().applicationProtocols("h2", null));
        assertThrows(IllegalArgumentException.class, () -> TlsConfig.client().handshakeTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> TlsConfig.client().serverName("example.com."));
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> TlsConfig.server().serverName("a"));
        assertTrue(s.getMessage().contains("server"), s.getMessage());
        assertThrows(IllegalStateException.class, () -> TlsConfig.client().clientAuth(ClientAuth.REQUIRE));
        assertThrows(IllegalStateException.class, () -> TlsConfig.server().hostnameVerification(false));
    }

    @Test
    void defaultsAreSecure() {
        TlsConfig client = TlsConfig.client().build();
        assertEquals(java.util.List.of("TLSv1.3", "TLSv1.2"), client.protocols());
        for (String suite : client.cipherSuites()) {
            assertTrue(suite.contains("_GCM_") || suite.contains("CHACHA20_POLY1305"), suite);
            assertTrue(suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_") || suite.contains("ECDHE"),
                    "forward secrecy: " + suite);
        }
        assertTrue(client.hostnameVerification());
        assertFalse(client.isInsecureTrustAll());
        assertEquals(Duration.ofSeconds(10), client.handshakeTimeout());
        assertEquals(TlsEngine.JDK, client.engine());
        assertTrue(client.toString().contains("JDK default trust store"), client.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.loopwork.tls.TestTls#engines")
    void noSupportedCipherSuiteFailsAtCreation(TlsEngine engine) {
        TestTls.assumeAvailable(engine);
        TlsConfig config = TestTls.EC.serverConfig().engine(engine).cipherSuites("TLS_NO_SUCH_SUITE_WITH_NOTHING")
                .build();
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> TlsContext.create(config));
        assertTrue(e.getMessage().contains("TLS_NO_SUCH_SUITE_WITH_NOTHING"), e.getMessage());
    }
}
