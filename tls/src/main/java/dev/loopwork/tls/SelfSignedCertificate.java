package dev.loopwork.tls;

import dev.loopwork.tls.internal.BcCertificateGenerator;
import dev.loopwork.tls.internal.Pem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A freshly generated self-signed certificate and its key, written as PEM files, for development
 * and tests. Never for production: nobody but those who copy it trust it.
 *
 * <h2>Files</h2>
 * {@link #privateKeyFile()} (unencrypted PKCS#8) and {@link #certificateFile()} are written into a
 * new temporary directory readable by the owner only ({@code rwx------}, files {@code rw-------}
 * where the file system has POSIX permissions). {@link #close()} deletes them.
 *
 * <h2>Names</h2>
 * The certificate carries the given host names as subject alternative names (IP literals as IP
 * entries); the first is also the common name. When {@code localhost} is among them, {@code 127.0.0.1}
 * and {@code ::1} are added, so that clients that connect by address also verify.
 *
 * <h2>Dependencies</h2>
 * Needs BouncyCastle ({@code org.bouncycastle:bcpkix-jdk18on}) on the class path, an optional
 * dependency of this module: {@link #generate} throws {@link TlsConfigException} saying so if it is missing.
 */
public final class SelfSignedCertificate implements AutoCloseable {

    /** The key algorithm and size. */
    public enum KeyType {
        /** RSA, 2048-bit modulus, SHA256withRSA. */
        RSA_2048,
        /** ECDSA on NIST P-256 (secp256r1), SHA256withECDSA. */
        EC_P256
    }

    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    private final KeyType keyType;
    private final List<String> names;
    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final Path directory;
    private final Path certificateFile;
    private final Path privateKeyFile;

    private SelfSignedCertificate(KeyType keyType, List<String> names, X509Certificate certificate,
                                  PrivateKey privateKey, Path directory) throws IOException {
        this.keyType = keyType;
        this.names = names;
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.directory = directory;
        this.privateKeyFile = writeOwnerOnly(directory.resolve("key.pem"), Pem.encode(privateKey));
        this.certificateFile = writeOwnerOnly(directory.resolve("cert.pem"), Pem.encode(certificate));
    }

    /** An EC P-256 certificate for {@code localhost}, valid for a year. */
    public static SelfSignedCertificate generate() {
        return generate(KeyType.EC_P256, "localhost");
    }

    /** A certificate of {@code type} for {@code hostNames}, valid for a year. */
    public static SelfSignedCertificate generate(KeyType type, String... hostNames) {
        return generate(type, Duration.ofDays(365), hostNames);
    }

    /**
     * A certificate of {@code type} for {@code hostNames}, valid from a day ago for {@code validity}.
     *
     * @throws IllegalArgumentException if no host name is given or {@code validity} is not positive
     * @throws TlsConfigException if BouncyCastle is missing
     * @throws UncheckedIOException if the files cannot be written
     */
    public static SelfSignedCertificate generate(KeyType type, Duration validity, String... hostNames) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(hostNames, "hostNames");
        if (hostNames.length == 0) {
            throw new IllegalArgumentException("SelfSignedCertificate needs at least one host name");
        }
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive, was " + validity);
        }
        List<String> names = new ArrayList<>();
        for (String name : hostNames) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("host names must not be null or blank: " + List.of(hostNames));
            }
            names.add(name);
        }
        if (names.contains("localhost")) {
            for (String loopback : List.of("127.0.0.1", "::1")) {
                if (!names.contains(loopback)) {
                    names.add(loopback);
                }
            }
        }
        requireBouncyCastle();
        KeyPair keys = keyPair(type);
        Instant now = Instant.now();
        X509Certificate certificate;
        try {
            certificate = BcCertificateGenerator.issue(keys, type == KeyType.RSA_2048 ? "SHA256withRSA"
                    : "SHA256withECDSA", names, now.minus(Duration.ofDays(1)), now.plus(validity));
        } catch (Exception e) {
            throw new TlsConfigException("cannot issue a self-signed " + type + " certificate for " + names + ": " + e, e);
        }
        Path directory = null;
        try {
            directory = ownerOnlyTempDirectory();
            return new SelfSignedCertificate(type, List.copyOf(names), certificate, keys.getPrivate(), directory);
        } catch (IOException e) {
            deleteQuietly(directory);
            throw new UncheckedIOException("cannot write the self-signed certificate's PEM files", e);
        }
    }

    private static void requireBouncyCastle() {
        try {
            Class.forName("org.bouncycastle.cert.X509v3CertificateBuilder", false,
                    SelfSignedCertificate.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new TlsConfigException("SelfSignedCertificate needs BouncyCastle: add "
                    + "org.bouncycastle:bcpkix-jdk18on (with bcprov-jdk18on and bcutil-jdk18on) to the class path", e);
        }
    }

    private static KeyPair keyPair(KeyType type) {
        try {
            KeyPairGenerator generator;
            if (type == KeyType.RSA_2048) {
                generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
            } else {
                generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException("cannot generate a " + type + " key pair: " + e, e);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static Path ownerOnlyTempDirectory() throws IOException {
        return posix()
                ? Files.createTempDirectory("loopwork-tls-", PosixFilePermissions.asFileAttribute(OWNER_DIR))
                : Files.createTempDirectory("loopwork-tls-");
    }

    private static Path writeOwnerOnly(Path file, String content) throws IOException {
        // Created with its permissions, so the key is never readable by others, not even briefly.
        if (posix()) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE));
        } else {
            Files.createFile(file);
            java.io.File f = file.toFile();
            f.setReadable(false, false);
            f.setReadable(true, true);
            f.setWritable(false, false);
            f.setWritable(true, true);
        }
        Files.writeString(file, content, StandardCharsets.US_ASCII);
        return file;
    }

    public KeyType keyType() {
        return keyType;
    }

    /** The subject alternative names, the first being the common name. */
    public List<String> names() {
        return names;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The owner-only directory holding the two files. */
    public Path directory() {
        return directory;
    }

    /** The certificate, PEM. */
    public Path certificateFile() {
        return certificateFile;
    }

    /** The private key, unencrypted PKCS#8 PEM, readable by the owner only. */
    public Path privateKeyFile() {
        return privateKeyFile;
    }

    /** A server configuration presenting this certificate. */
    public TlsConfig.Builder serverConfig() {
        return TlsConfig.server().keyAndCertificateChain(privateKeyFile, certificateFile);
    }

    /** A client configuration that trusts exactly this certificate and expects its first name. */
    public TlsConfig.Builder clientConfig() {
        return TlsConfig.client().trustCertificates(certificateFile).serverName(names.get(0));
    }

    /** Deletes the files and their directory. Idempotent. */
    @Override
    public void close() {
        deleteQuietly(privateKeyFile);
        deleteQuietly(certificateFile);
        deleteQuietly(directory);
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Left for the OS's temp cleaning; nothing else depends on it.
        }
    }

    @Override
    public String toString() {
        return "SelfSignedCertificate{" + keyType + ", names=" + names + ", notAfter=" + certificate.getNotAfter()
                + ", dir=" + directory + '}';
    }
}
