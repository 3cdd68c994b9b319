package dev.loopwork.tls.internal;

import dev.loopwork.tls.TlsConfigException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading and writing PEM (RFC 7468) certificates and PKCS#8 private keys with the JDK alone.
 *
 * <h2>What is accepted</h2>
 * Certificates: every {@code CERTIFICATE} block of a file, in order (leaf first for a chain).
 * Keys: one unencrypted PKCS#8 {@code PRIVATE KEY} block, RSA, RSASSA-PSS, EC, Ed25519, Ed448 or
 * DSA. Legacy formats ({@code RSA PRIVATE KEY}, {@code EC PRIVATE KEY}) and encrypted keys are
 * rejected with a message saying how to convert them, instead of failing later in the handshake.
 */
public final class Pem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\R?(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final int LINE = 64;

    private Pem() {
    }

    /** Every PEM block of {@code text}, in order. */
    public static List<PemBlock> parse(String text, String source) {
        List<PemBlock> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String body = m.group(2);
            boolean headers = body.contains(":");
            if (headers) {
                // RFC 1421 headers end with an empty line; the base64 follows it.
                int end = body.indexOf("\n\n");
                int endCrLf = body.indexOf("\r\n\r\n");
                int cut = end >= 0 ? end + 2 : endCrLf >= 0 ? endCrLf + 4 : body.length();
                body = body.substring(cut);
            }
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(body.replaceAll("\\s", ""));
            } catch (IllegalArgumentException e) {
                throw new TlsConfigException(source + ": the PEM block '" + m.group(1)
                        + "' is not valid base64: " + e.getMessage(), e);
            }
            blocks.add(new PemBlock(m.group(1), der, headers));
        }
        return blocks;
    }

    /** Reads every {@code CERTIFICATE} block of {@code file}, in order. */
    public static List<X509Certificate> readCertificates(Path file) {
        List<PemBlock> blocks = parse(read(file), file.toString());
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory = certificateFactory();
        for (PemBlock block : blocks) {
            if (!block.label().equals("CERTIFICATE") && !block.label().equals("TRUSTED CERTIFICATE")) {
                continue;
            }
            try {
                Certificate c = factory.generateCertificate(new ByteArrayInputStream(block.der()));
                certificates.add((X509Certificate) c);
            } catch (CertificateException e) {
                throw new TlsConfigException(file + ": certificate #" + (certificates.size() + 1)
                        + " cannot be parsed: " + e.getMessage(), e);
            }
        }
        if (certificates.isEmpty()) {
            throw new TlsConfigException(file + ": no '-----BEGIN CERTIFICATE-----' block found"
                    + (blocks.isEmpty() ? " (the file holds no PEM at all)" : " (it holds " + labels(blocks) + ")"));
        }
        return certificates;
    }

    /** Reads the one PKCS#8 private key of {@code file}. */
    public static PrivateKey readPrivateKey(Path file) {
        List<PemBlock> blocks = parse(read(file), file.toString());
        PemBlock key = null;
        for (PemBlock block : blocks) {
            String label = block.label();
            if (label.equals("PRIVATE KEY")) {
                if (key != null) {
                    throw new TlsConfigException(file + ": holds more than one PRIVATE KEY block; keep one key per file");
                }
                key = block;
            } else if (label.equals("ENCRYPTED PRIVATE KEY")) {
                throw new TlsConfigException(file + ": the key is encrypted, which is not supported; decrypt it "
                        + "with 'openssl pkcs8 -in " + file.getFileName() + " -out key.pem' and protect the file "
                        + "by its permissions, or use a password-protected KeyStore");
            } else if (label.equals("RSA PRIVATE KEY") || label.equals("EC PRIVATE KEY")
                    || label.equals("DSA PRIVATE KEY")) {
                throw new TlsConfigException(file + ": '" + label + "' is a legacy (PKCS#1/SEC1) key format; "
                        + "convert it to PKCS#8 with 'openssl pkcs8 -topk8 -nocrypt -in " + file.getFileName()
                        + " -out key-pkcs8.pem'" + (block.hasHeaders() ? " (it is also encrypted)" : ""));
            }
        }
        if (key == null) {
            throw new TlsConfigException(file + ": no '-----BEGIN PRIVATE KEY-----' block found"
                    + (blocks.isEmpty() ? " (the file holds no PEM at all)" : " (it holds " + labels(blocks) + ")"));
        }
        byte[] der = key.der();
        try {
            String algorithm = Pkcs8.keyAlgorithm(der, file.toString());
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException(file + ": the PKCS#8 private key cannot be decoded: " + e.getMessage(), e);
        } finally {
            java.util.Arrays.fill(der, (byte) 0);
            key.wipe();
        }
    }

    /** The PEM text of {@code certificate}. */
    public static String encode(X509Certificate certificate) {
        try {
            return encode("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateException e) {
            throw new TlsConfigException("certificate " + certificate.getSubjectX500Principal()
                    + " cannot be encoded: " + e.getMessage(), e);
        }
    }

    /** The PEM text of {@code key} as unencrypted PKCS#8. */
    public static String encode(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new TlsConfigException("a " + key.getAlgorithm() + " private key in format " + key.getFormat()
                    + " cannot be written as PKCS#8");
        }
        return encode("PRIVATE KEY", key.getEncoded());
    }

    static String encode(String label, byte[] der) {
        String base64 = Base64.getEncoder().encodeToString(der);
        StringBuilder sb = new StringBuilder(base64.length() + base64.length() / LINE + 64);
        sb.append("-----BEGIN ").append(label).append("-----\n");
        for (int i = 0; i < base64.length(); i += LINE) {
            sb.append(base64, i, Math.min(base64.length(), i + LINE)).append('\n');
        }
        return sb.append("-----END ").append(label).append("-----\n").toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new TlsConfigException(file + ": cannot be read: " + e, e);
        }
    }

    private static CertificateFactory certificateFactory() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 CertificateFactory", e);
        }
    }

    private static String labels(List<PemBlock> blocks) {
        StringBuilder sb = new StringBuilder();
        for (PemBlock b : blocks) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(b.label());
        }
        return sb.toString();
    }
}
