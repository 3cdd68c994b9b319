package dev.loopwork.tls.internal;

import dev.loopwork.tls.TlsConfigException;

import javax.net.ssl.KeyManagerFactory;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;

/**
 * Turns a private key and its certificate chain, or a {@link KeyStore}, into the
 * {@link KeyManagerFactory} both engines take. Problems are found here, at configuration time,
 * with a message naming the source, rather than as a vague handshake failure later.
 */
public final class KeyMaterials {

    /** The password of the in-memory key store built from PEM files; it never leaves the process. */
    private static final char[] IN_MEMORY_PASSWORD = "loopwork-in-memory".toCharArray();

    private KeyMaterials() {
    }

    /**
     * Key managers for {@code key} and {@code chain} (leaf first).
     *
     * @throws TlsConfigException if the chain is empty or the key does not belong to the leaf
     */
    public static KeyManagerFactory fromKeyAndChain(PrivateKey key, List<X509Certificate> chain, String source) {
        if (chain.isEmpty()) {
            throw new TlsConfigException(source + ": the certificate chain is empty");
        }
        checkMatches(key, chain.get(0), source);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("key", key, IN_MEMORY_PASSWORD, chain.toArray(new Certificate[0]));
            return fromKeyStore(store, IN_MEMORY_PASSWORD, source);
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsConfigException(source + ": cannot build a key store from the key and chain: " + e, e);
        }
    }

    /**
     * Key managers for every private-key entry of {@code store}, whose keys are protected by
     * {@code password}.
     *
     * @throws TlsConfigException if the store holds no private key or the password is wrong
     */
    public static KeyManagerFactory fromKeyStore(KeyStore store, char[] password, String source) {
        try {
            boolean hasKey = false;
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getCertificateChain(alias) != null) {
                    hasKey = true;
                    break;
                }
            }
            if (!hasKey) {
                throw new TlsConfigException(source + ": the key store holds no private key with a certificate chain"
                        + " (aliases: " + Collections.list(store.aliases()) + ")");
            }
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return factory;
        } catch (java.security.UnrecoverableKeyException e) {
            throw new TlsConfigException(source + ": the key password is wrong (" + e.getMessage() + ")", e);
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException(source + ": cannot use the key store: " + e, e);
        }
    }

    /**
     * Checks that {@code key} is the private half of {@code leaf}'s public key, by signing a
     * random challenge and verifying it.
     */
    static void checkMatches(PrivateKey key, X509Certificate leaf, String source) {
        PublicKey publicKey = leaf.getPublicKey();
        String keyAlg = normalise(key.getAlgorithm());
        String certAlg = normalise(publicKey.getAlgorithm());
        if (!keyAlg.equals(certAlg)) {
            throw new TlsConfigException(source + ": the private key is " + key.getAlgorithm()
                    + " but the certificate " + leaf.getSubjectX500Principal() + " holds a "
                    + publicKey.getAlgorithm() + " key");
        }
        String signatureAlgorithm = signatureAlgorithm(keyAlg);
        if (signatureAlgorithm == null) {
            return; // RSASSA-PSS needs parameters; the handshake will tell.
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(signatureAlgorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(signatureAlgorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            if (!verifier.verify(signature)) {
                throw new TlsConfigException(source + ": the private key does not match the certificate "
                        + leaf.getSubjectX500Principal() + " (first of the chain)");
            }
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException(source + ": cannot check the private key against the certificate "
                    + leaf.getSubjectX500Principal() + ": " + e, e);
        }
    }

    private static String normalise(String algorithm) {
        return "EdDSA".equals(algorithm) ? "Ed25519" : algorithm;
    }

    private static String signatureAlgorithm(String keyAlgorithm) {
        switch (keyAlgorithm) {
            case "RSA":
                return "SHA256withRSA";
            case "EC":
                return "SHA256withECDSA";
            case "DSA":
                return "SHA256withDSA";
            case "Ed25519":
            case "Ed448":
                return keyAlgorithm;
            default:
                return null;
        }
    }
}
