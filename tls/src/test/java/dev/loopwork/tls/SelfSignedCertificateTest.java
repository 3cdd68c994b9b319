package dev.loopwork.tls;

import dev.loopwork.tls.internal.Pem;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelfSignedCertificateTest {

    @Test
    void writesOwnerOnlyPemFilesAndDeletesThemOnClose() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate(SelfSignedCertificate.KeyType.EC_P256, "localhost");
        try {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cert.directory())));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cert.privateKeyFile())));
            assertEquals("rw-------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(cert.certificateFile())));
            assertEquals(List.of(cert.certificate()), Pem.readCertificates(cert.certificateFile()));
            assertEquals(cert.privateKey(), Pem.readPrivateKey(cert.privateKeyFile()));
        } finally {
            cert.close();
        }
        assertFalse(Files.exists(cert.directory()));
        cert.close(); // idempotent
    }

    @Test
    void carriesTheNamesAndTheKeyTypeAskedFor() throws Exception {
        try (SelfSignedCertificate rsa = SelfSignedCertificate.generate(SelfSignedCertificate.KeyType.RSA_2048,
                Duration.ofDays(2), "localhost", "api.test")) {
            X509Certificate c = rsa.certificate();
            assertEquals(2048, ((RSAPublicKey) c.getPublicKey()).getModulus().bitLength());
            assertEquals("SHA256withRSA", c.getSigAlgName());
            assertTrue(c.getSubjectX500Principal().getName().contains("CN=localhost"), c.getSubjectX500Principal().getName());
            List<String> names = new ArrayList<>();
            for (List<?> san : c.getSubjectAlternativeNames()) {
                names.add(String.valueOf(san.get(1)));
            }
            assertTrue(names.contains("localhost") && names.contains("api.test") && names.contains("127.0.0.1")
                    && names.stream().anyMatch(n -> n.startsWith("0:0:0:0:0:0:0:1")), names.toString());
            long days = Duration.between(c.getNotBefore().toInstant(), c.getNotAfter().toInstant()).toDays();
            assertEquals(3, days, "valid from a day ago for the validity asked for");
            c.checkValidity();
            c.verify(c.getPublicKey());
            assertEquals(-1, c.getBasicConstraints(), "an end-entity certificate, not a CA");
        }
        try (SelfSignedCertificate ec = SelfSignedCertificate.generate()) {
            assertEquals("EC", ec.certificate().getPublicKey().getAlgorithm());
            assertEquals(256, ((ECPublicKey) ec.certificate().getPublicKey()).getParams().getCurve().getField()
                    .getFieldSize());
            assertEquals(List.of("localhost", "127.0.0.1", "::1"), ec.names());
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class,
                () -> SelfSignedCertificate.generate(SelfSignedCertificate.KeyType.EC_P256));
        assertThrows(IllegalArgumentException.class,
                () -> SelfSignedCertificate.generate(SelfSignedCertificate.KeyType.EC_P256, " "));
        assertThrows(IllegalArgumentException.class,
                () -> SelfSignedCertificate.generate(SelfSignedCertificate.KeyType.EC_P256, Duration.ZERO, "a"));
    }
}
