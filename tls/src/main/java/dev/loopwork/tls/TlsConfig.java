package dev.loopwork.tls;

import dev.loopwork.tls.internal.EngineSettings;
import dev.loopwork.tls.internal.InsecureTrustManager;
import dev.loopwork.tls.internal.KeyMaterials;
import dev.loopwork.tls.internal.Pem;
import dev.loopwork.tls.internal.TrustManagers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How the TLS side of a server or a client behaves: its key and certificates, whom it trusts,
 * which protocol versions, cipher suites and ALPN names it speaks, and which engine runs it.
 * Immutable; build with {@link #server()} or {@link #client()}, then make stages with
 * {@link TlsContext#create(TlsConfig)}.
 *
 * <h2>Secure defaults</h2>
 * TLS 1.3 and TLS 1.2 only; AEAD cipher suites only ({@link #DEFAULT_CIPHER_SUITES}: AES-GCM and
 * ChaCha20-Poly1305 with forward secrecy); clients verify the server's certificate against the
 * JDK's trust store and its host name; handshakes must finish within 10 seconds; the JDK engine.
 *
 * <h2>Key material is loaded eagerly</h2>
 * PEM files and key stores are read and checked by the setter that names them (the key must
 * match the first certificate of the chain), so a bad file fails at start-up with a
 * {@link TlsConfigException} naming it, not at the first handshake.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * TlsConfig server = TlsConfig.server()
 *         .keyAndCertificateChain(Path.of("key.pem"), Path.of("chain.pem"))
 *         .applicationProtocols("http/1.1")
 *         .build();
 * TlsContext tls = TlsContext.create(server);
 * group.listen(address, tls.wrap(setup -> new MyHandler()));
 * }</pre>
 */
public final class TlsConfig {

    private static final Logger log = LoggerFactory.getLogger(TlsConfig.class);

    /** The protocol versions enabled by default, in preference order. */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** The cipher suites enabled by default: AEAD with forward secrecy only, in preference order. */
    public static final List<String> DEFAULT_CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /** The default bound on a handshake. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private static final Set<String> ALLOWED_PROTOCOLS = Set.of("TLSv1.3", "TLSv1.2");

    private final EngineSettings settings;
    private final Duration handshakeTimeout;
    private final TlsEngine engine;
    private final boolean insecureTrustAll;
    private final String keySource;
    private final String trustSource;

    private TlsConfig(Builder b, X509TrustManager trust, String trustSource) {
        this.settings = new EngineSettings(b.client, b.keyManagers, trust, b.protocols, b.cipherSuites,
                b.applicationProtocols, b.serverName, b.hostnameVerification && !b.insecureTrustAll, b.clientAuth);
        this.handshakeTimeout = b.handshakeTimeout;
        this.engine = b.engine;
        this.insecureTrustAll = b.insecureTrustAll;
        this.keySource = b.keySource;
        this.trustSource = trustSource;
    }

    /** A builder for a server: it needs a key and certificate chain. */
    public static Builder server() {
        return new Builder(false);
    }

    /** A builder for a client: it trusts the JDK's default anchors unless told otherwise. */
    public static Builder client() {
        return new Builder(true);
    }

    public boolean isClient() {
        return settings.client();
    }

    public List<String> protocols() {
        return settings.protocols();
    }

    public List<String> cipherSuites() {
        return settings.cipherSuites();
    }

    /** ALPN names in preference order; empty when ALPN is not used. */
    public List<String> applicationProtocols() {
        return settings.applicationProtocols();
    }

    /** The SNI name a client sends; empty to use the host it connects to. */
    public Optional<String> serverName() {
        return Optional.ofNullable(settings.serverName());
    }

    /** Whether a client checks the server's certificate against the host name (never with trust-all). */
    public boolean hostnameVerification() {
        return settings.hostnameVerification();
    }

    public ClientAuth clientAuth() {
        return settings.clientAuth();
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** The engine asked for; {@link TlsContext#engine()} says which one runs. */
    public TlsEngine engine() {
        return engine;
    }

    /** Whether peer certificates go unchecked ({@link Builder#insecureTrustAllCertificatesForTestsOnly()}). */
    public boolean isInsecureTrustAll() {
        return insecureTrustAll;
    }

    EngineSettings settings() {
        return settings;
    }

    @Override
    public String toString() {
        return "TlsConfig{" + (isClient() ? "client" : "server") + ", engine=" + engine + ", protocols="
                + protocols() + ", cipherSuites=" + cipherSuites().size() + ", alpn=" + applicationProtocols()
                + ", key=" + (keySource == null ? "none" : keySource) + ", trust=" + trustSource
                + (isClient() ? ", serverName=" + serverName().orElse("(peer host)") + ", hostnameVerification="
                        + hostnameVerification() : ", clientAuth=" + clientAuth())
                + ", handshakeTimeout=" + handshakeTimeout + '}';
    }

    /**
     * Builder of a {@link TlsConfig}. Setters check their arguments ({@link IllegalArgumentException}
     * naming the argument) and load key material at once ({@link TlsConfigException} naming the
     * source). Not thread-safe.
     */
    public static final class Builder {
        private final boolean client;
        private KeyManagerFactory keyManagers;
        private String keySource;
        private X509TrustManager trustManager;
        private String trustSource;
        private boolean insecureTrustAll;
        private List<String> protocols = DEFAULT_PROTOCOLS;
        private List<String> cipherSuites = DEFAULT_CIPHER_SUITES;
        private List<String> applicationProtocols = List.of();
        private String serverName;
        private boolean hostnameVerification = true;
        private ClientAuth clientAuth = ClientAuth.NONE;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private TlsEngine engine = TlsEngine.JDK;

        private Builder(boolean client) {
            this.client = client;
        }

        /**
         * The private key (an unencrypted PKCS#8 PEM file: {@code -----BEGIN PRIVATE KEY-----}, RSA or
         * EC) and the certificate chain (PEM, leaf first, intermediates after it).
         */
        public Builder keyAndCertificateChain(Path privateKeyPem, Path certificateChainPem) {
            Objects.requireNonNull(privateKeyPem, "privateKeyPem");
            Objects.requireNonNull(certificateChainPem, "certificateChainPem");
            PrivateKey key = Pem.readPrivateKey(privateKeyPem);
            List<X509Certificate> chain = Pem.readCertificates(certificateChainPem);
            String source = "PEM " + privateKeyPem + " + " + certificateChainPem;
            return keyManagers(KeyMaterials.fromKeyAndChain(key, chain, source),
                    source + " (" + key.getAlgorithm() + ", chain of " + chain.size() + ')');
        }

        /** A private key and its certificate chain, leaf first. */
        public Builder keyAndCertificateChain(PrivateKey key, X509Certificate... chain) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(chain, "chain");
            String source = key.getAlgorithm() + " key + chain of " + chain.length;
            return keyManagers(KeyMaterials.fromKeyAndChain(key, List.of(chain), source), source);
        }

        /** The private-key entries of {@code store}, whose keys are protected by {@code keyPassword}. */
        public Builder keyStore(KeyStore store, char[] keyPassword) {
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(keyPassword, "keyPassword");
            String source = store.getType() + " KeyStore";
            return keyManagers(KeyMaterials.fromKeyStore(store, keyPassword, source), source);
        }

        /** A key store file (PKCS#12 or JKS, detected), whose store and keys share {@code password}. */
        public Builder keyStore(Path file, char[] password) {
            Objects.requireNonNull(password, "password");
            KeyStore store = loadKeyStore(file, password);
            String source = store.getType() + " KeyStore " + file;
            return keyManagers(KeyMaterials.fromKeyStore(store, password, source), source);
        }

        private Builder keyManagers(KeyManagerFactory factory, String source) {
            this.keyManagers = factory;
            this.keySource = source;
            return this;
        }

        /** Trusts exactly the certificates of a PEM file (a CA, or a self-signed peer certificate). */
        public Builder trustCertificates(Path pem) {
            Objects.requireNonNull(pem, "pem");
            List<X509Certificate> anchors = Pem.readCertificates(pem);
            return trust(TrustManagers.fromCertificates(anchors, "PEM " + pem), "PEM " + pem + " ("
                    + anchors.size() + " certificates)");
        }

        /** Trusts exactly {@code anchors}. */
        public Builder trustCertificates(X509Certificate... anchors) {
            Objects.requireNonNull(anchors, "anchors");
            if (anchors.length == 0) {
                throw new IllegalArgumentException("trustCertificates needs at least one certificate");
            }
            return trust(TrustManagers.fromCertificates(List.of(anchors), "certificates"),
                    anchors.length + " certificates");
        }

        /** Trusts the certificates of {@code store}. */
        public Builder trustStore(KeyStore store) {
            Objects.requireNonNull(store, "store");
            String source = store.getType() + " KeyStore";
            return trust(TrustManagers.fromKeyStore(store, source), source);
        }

        /** Trusts the certificates of a key store file (PKCS#12 or JKS, detected). */
        public Builder trustStore(Path file, char[] password) {
            KeyStore store = loadKeyStore(file, password);
            String source = store.getType() + " KeyStore " + file;
            return trust(TrustManagers.fromKeyStore(store, source), source);
        }

        /**
         * Accepts every peer certificate without any check, and turns hostname verification off.
         * Anyone on the path can then read and change the traffic: for tests against throw-away
         * certificates only. {@link #build()} logs a WARN line saying so.
         */
        public Builder insecureTrustAllCertificatesForTestsOnly() {
            this.insecureTrustAll = true;
            this.trustManager = null;
            this.trustSource = null;
            return this;
        }

        private Builder trust(X509TrustManager manager, String source) {
            this.trustManager = manager;
            this.trustSource = source;
            this.insecureTrustAll = false;
            return this;
        }

        /** Protocol versions in preference order; only {@code TLSv1.3} and {@code TLSv1.2} are allowed. */
        public Builder protocols(String... names) {
            List<String> list = names("protocols", names);
            for (String name : list) {
                if (!ALLOWED_PROTOCOLS.contains(name)) {
                    throw new IllegalArgumentException("protocol '" + name + "' is not allowed: only "
                            + DEFAULT_PROTOCOLS + " are (older versions are broken or deprecated by RFC 8996)");
                }
            }
            this.protocols = list;
            return this;
        }

        /**
         * Cipher suites (Java names, e.g. {@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}) in preference
         * order, replacing {@link #DEFAULT_CIPHER_SUITES}. Those the engine does not support are left
         * out; none supported fails {@link TlsContext#create}.
         */
        public Builder cipherSuites(String... names) {
            List<String> list = names("cipherSuites", names);
            for (String name : list) {
                if (!name.startsWith("TLS_") && !name.startsWith("SSL_")) {
                    throw new IllegalArgumentException("cipher suite '" + name + "' is not a Java (IANA) suite name,"
                            + " e.g. TLS_AES_128_GCM_SHA256");
                }
            }
            this.cipherSuites = list;
            return this;
        }

        /** ALPN protocol names in preference order, e.g. {@code "h2", "http/1.1"}; none by default. */
        public Builder applicationProtocols(String... names) {
            Objects.requireNonNull(names, "names");
            for (String name : names) {
                if (name == null) {
                    throw new IllegalArgumentException("applicationProtocols holds null: " + Arrays.toString(names));
                }
                int bytes = name.getBytes(StandardCharsets.UTF_8).length;
                if (bytes == 0 || bytes > 255) {
                    throw new IllegalArgumentException("ALPN name '" + name + "' must be 1 to 255 bytes, was " + bytes);
                }
            }
            this.applicationProtocols = List.of(names);
            return this;
        }

        /** Client only: the SNI name to send and to verify the certificate against; default: the host connected to. */
        public Builder serverName(String hostName) {
            requireClient("serverName");
            Objects.requireNonNull(hostName, "hostName");
            if (hostName.isEmpty() || hostName.endsWith(".")) {
                throw new IllegalArgumentException("serverName must be a host name without a trailing dot, was '"
                        + hostName + "'");
            }
            this.serverName = hostName;
            return this;
        }

        /** Client only: whether the server certificate must match the host name (default true). */
        public Builder hostnameVerification(boolean on) {
            requireClient("hostnameVerification");
            this.hostnameVerification = on;
            return this;
        }

        /** Server only: whether clients must present a certificate (default {@link ClientAuth#NONE}). */
        public Builder clientAuth(ClientAuth auth) {
            if (client) {
                throw new IllegalStateException("clientAuth is for servers; this is a client TlsConfig");
            }
            this.clientAuth = Objects.requireNonNull(auth, "auth");
            return this;
        }

        /** Bound on the handshake, from connection set-up to its completion; default 10 s. */
        public Builder handshakeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("handshakeTimeout must be positive, was " + timeout);
            }
            this.handshakeTimeout = timeout;
            return this;
        }

        /** The engine; {@link TlsEngine#OPENSSL} falls back to the JDK's where it cannot run. */
        public Builder engine(TlsEngine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
            return this;
        }

        /**
         * @throws TlsConfigException for a server without key material, or client authentication
         *         without trust anchors
         */
        public TlsConfig build() {
            if (!client && keyManagers == null) {
                throw new TlsConfigException("a TLS server needs a private key and certificate chain: call "
                        + "keyAndCertificateChain(...) or keyStore(...)");
            }
            X509TrustManager trust = trustManager;
            String source = trustSource;
            if (insecureTrustAll) {
                trust = InsecureTrustManager.INSTANCE;
                source = "INSECURE trust-all";
                log.warn("TLS {} configured with insecureTrustAllCertificatesForTestsOnly(): peer certificates are"
                        + " NOT verified; never use this outside tests", client ? "client" : "server");
            } else if (trust == null && (client || clientAuth != ClientAuth.NONE)) {
                if (!client) {
                    throw new TlsConfigException("clientAuth " + clientAuth + " needs trust anchors for client "
                            + "certificates: call trustCertificates(...) or trustStore(...)");
                }
                trust = TrustManagers.systemDefault();
                source = "JDK default trust store";
            }
            return new TlsConfig(this, trust, source == null ? "none" : source);
        }

        private void requireClient(String setter) {
            if (!client) {
                throw new IllegalStateException(setter + " is for clients; this is a server TlsConfig");
            }
        }

        private static List<String> names(String what, String... names) {
            Objects.requireNonNull(names, what);
            if (names.length == 0) {
                throw new IllegalArgumentException(what + " needs at least one name");
            }
            for (String name : names) {
                if (name == null || name.isBlank()) {
                    throw new IllegalArgumentException(what + " holds a null or blank name: " + Arrays.toString(names));
                }
            }
            return List.of(names);
        }

        private static KeyStore loadKeyStore(Path file, char[] password) {
            Objects.requireNonNull(file, "file");
            try {
                return KeyStore.getInstance(file.toFile(), password);
            } catch (IOException | GeneralSecurityException e) {
                throw new TlsConfigException(file + ": cannot load the key store (wrong password, or neither "
                        + "PKCS#12 nor JKS?): " + e, e);
            }
        }
    }
}
