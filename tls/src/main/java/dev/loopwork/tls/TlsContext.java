package dev.loopwork.tls;

import dev.loopwork.ConnectionHandler;
import dev.loopwork.ConnectionInitializer;
import dev.loopwork.ConnectionSetup;
import dev.loopwork.Stage;
import dev.loopwork.tls.internal.EngineFactory;
import dev.loopwork.tls.internal.JdkEngineFactory;
import dev.loopwork.tls.internal.OpenSslEngineFactory;
import dev.loopwork.tls.internal.OpenSslSupport;
import dev.loopwork.tls.internal.SslEngineStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLEngine;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Makes the TLS {@link Stage} of each connection from one {@link TlsConfig}. Creating it is the
 * expensive part (key material, the engine's context); making a stage is cheap. Thread-safe:
 * one context serves every loop of a group.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * TlsContext tls = TlsContext.create(config);
 * group.listen(address, setup -> {
 *     setup.addStage(tls.newStage(setup));     // first stage: next to the socket
 *     return new MyHandler();
 * });
 * // or, the same: group.listen(address, tls.wrap(setup -> new MyHandler()));
 * }</pre>
 *
 * <h2>What the handler sees</h2>
 * The handler is opened once the handshake has completed; the {@link TlsSession} (protocol,
 * cipher suite, ALPN, peer certificates) is then in the connection attribute
 * {@value TlsSession#ATTRIBUTE}: {@code TlsSession.of(connection)}.
 *
 * <h2>Buffer sizes</h2>
 * A TLS record is only decrypted whole; the stage says so ({@code Stage.inputUnitSize()}, 18437
 * bytes), and the core makes the buffer in front of it at least that large whatever
 * {@code ConnectionOptions.readBufferSize} says.
 *
 * <h2>Engine choice</h2>
 * {@link TlsEngine#OPENSSL} is used when netty-tcnative loads here; otherwise one WARN line names
 * the cause and the JDK engine is used. {@link #engine()} says which one runs.
 */
public final class TlsContext {

    private static final Logger log = LoggerFactory.getLogger(TlsContext.class);

    private final TlsConfig config;
    private final EngineFactory factory;

    private TlsContext(TlsConfig config, EngineFactory factory) {
        this.config = config;
        this.factory = factory;
    }

    /**
     * Sets up the engine for {@code config}.
     *
     * @throws TlsConfigException if the engine supports none of the protocols or cipher suites
     *         asked for, or rejects the key material
     */
    public static TlsContext create(TlsConfig config) {
        Objects.requireNonNull(config, "config");
        EngineFactory factory;
        if (config.engine() == TlsEngine.OPENSSL) {
            if (OpenSslSupport.isAvailable()) {
                factory = new OpenSslEngineFactory(config.settings());
            } else {
                log.warn("TLS engine OPENSSL was asked for but cannot run here; using the JDK engine instead. "
                        + "Cause: {}", OpenSslSupport.unavailabilityCause().map(String::valueOf).orElse("unknown"));
                factory = new JdkEngineFactory(config.settings());
            }
        } else {
            factory = new JdkEngineFactory(config.settings());
        }
        TlsContext context = new TlsContext(config, factory);
        log.info("TLS {} context ready: {} ({})", config.isClient() ? "client" : "server", factory.description(),
                config);
        return context;
    }

    /** Whether the OpenSSL engine can run in this process. */
    public static boolean isOpenSslAvailable() {
        return OpenSslSupport.isAvailable();
    }

    /** The engine that runs, after any fallback. */
    public TlsEngine engine() {
        return factory.kind();
    }

    public TlsConfig config() {
        return config;
    }

    /**
     * A new stage for the connection {@code setup} describes; its peer host and port (for SNI,
     * hostname verification and session resumption) come from {@link ConnectionSetup#remoteAddress()}.
     *
     * @throws IllegalArgumentException if the connection's side (client or server) is not this
     *         configuration's
     */
    public Stage newStage(ConnectionSetup setup) {
        Objects.requireNonNull(setup, "setup");
        if (setup.isClient() != config.isClient()) {
            throw new IllegalArgumentException("a " + (config.isClient() ? "client" : "server")
                    + " TlsConfig cannot secure " + (setup.isClient() ? "a client" : "an accepted")
                    + " connection to " + setup.remoteAddress());
        }
        InetSocketAddress remote = setup.remoteAddress();
        return newStage(remote.getHostString(), remote.getPort());
    }

    /**
     * A new stage for a connection with {@code peerHost}:{@code peerPort}, for callers that set up
     * connections themselves. A client sends {@link TlsConfig#serverName()} as SNI if set, else
     * {@code peerHost} (unless it is an IP address), and verifies the certificate against the same name.
     */
    public Stage newStage(String peerHost, int peerPort) {
        String host = config.isClient() && config.serverName().isPresent() ? config.serverName().get() : peerHost;
        SSLEngine engine = factory.newEngine(host, peerPort);
        return new SslEngineStage(engine, factory, peerHost + ':' + peerPort, config.handshakeTimeout(),
                (sslEngine, stageContext, took) -> stageContext.connection()
                        .attribute(TlsSession.ATTRIBUTE, new TlsSession(factory.kind(), sslEngine, took)));
    }

    /** An initializer that adds a TLS stage, then lets {@code next} add its stages and make the handler. */
    public ConnectionInitializer wrap(ConnectionInitializer next) {
        Objects.requireNonNull(next, "next");
        return setup -> {
            setup.addStage(newStage(setup));
            ConnectionHandler handler = next.initialize(setup);
            return handler;
        };
    }

    @Override
    public String toString() {
        return "TlsContext{" + factory.description() + ", " + config + '}';
    }
}
