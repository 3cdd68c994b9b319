package dev.loopwork.tls.internal;

import dev.loopwork.tls.TlsConfigException;
import dev.loopwork.tls.TlsEngine;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.ReferenceCounted;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import java.util.List;

/**
 * Engines of BoringSSL through netty-tcnative ({@code SslProvider.OPENSSL}). Only loaded after
 * {@link OpenSslSupport#isAvailable()} said yes.
 *
 * <h2>Engine lifetime</h2>
 * {@code SslContext.newEngine(alloc, host, port)} gives an engine in JDK compatibility mode (one
 * record per {@code unwrap}, like the JDK's), whose native {@code SSL*} is freed by
 * {@link #dispose} through {@link ReferenceCounted#release()}, not by the garbage collector.
 * The context itself ({@code OPENSSL}, not {@code OPENSSL_REFCNT}) is freed by the collector.
 */
public final class OpenSslEngineFactory implements EngineFactory {

    private final EngineSettings settings;
    private final SslContext context;

    public OpenSslEngineFactory(EngineSettings settings) {
        this.settings = settings;
        SslContextBuilder builder;
        if (settings.client()) {
            builder = SslContextBuilder.forClient();
            if (settings.keyManagers() != null) {
                builder.keyManager(settings.keyManagers());
            }
            builder.endpointIdentificationAlgorithm(settings.hostnameVerification() ? "HTTPS" : null);
        } else {
            builder = SslContextBuilder.forServer(settings.keyManagers());
            builder.clientAuth(clientAuth(settings.clientAuth()));
        }
        if (settings.trustManager() != null) {
            builder.trustManager(settings.trustManager());
        }
        builder.sslProvider(SslProvider.OPENSSL)
                .protocols(settings.protocols())
                .ciphers(settings.cipherSuites(), SupportedCipherSuiteFilter.INSTANCE);
        List<String> alpn = settings.applicationProtocols();
        if (!alpn.isEmpty()) {
            builder.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    // No common protocol: the server goes on without ALPN, as the JDK engine is told to.
                    // (BoringSSL itself rejects a server choice the client did not offer; netty
                    // accepts no other listener behaviour for this provider.)
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn));
        }
        try {
            context = builder.build();
        } catch (SSLException | RuntimeException e) {
            throw new TlsConfigException("the OpenSSL TLS context cannot be set up (" + OpenSslSupport.versionString()
                    + "): " + e, e);
        }
        if (context.cipherSuites().isEmpty()) {
            throw new TlsConfigException("none of the cipher suites " + settings.cipherSuites()
                    + " is supported by the OpenSSL TLS engine");
        }
    }

    private static ClientAuth clientAuth(dev.loopwork.tls.ClientAuth auth) {
        switch (auth) {
            case REQUIRE:
                return ClientAuth.REQUIRE;
            case OPTIONAL:
                return ClientAuth.OPTIONAL;
            default:
                return ClientAuth.NONE;
        }
    }

    @Override
    public TlsEngine kind() {
        return TlsEngine.OPENSSL;
    }

    @Override
    public String description() {
        return "OpenSSL " + OpenSslSupport.versionString() + " via netty-tcnative";
    }

    @Override
    public SSLEngine newEngine(String peerHost, int peerPort) {
        SSLEngine engine = context.newEngine(ByteBufAllocator.DEFAULT, peerHost, peerPort);
        try {
            EngineParameters.apply(engine, settings, peerHost);
        } catch (RuntimeException e) {
            dispose(engine);
            throw e;
        }
        return engine;
    }

    @Override
    public void dispose(SSLEngine engine) {
        if (engine instanceof ReferenceCounted) {
            ReferenceCounted counted = (ReferenceCounted) engine;
            if (counted.refCnt() > 0) {
                counted.release();
            }
        }
    }

    @Override
    public String toString() {
        return "OpenSslEngineFactory{" + (settings.client() ? "client" : "server") + ", protocols="
                + settings.protocols() + ", suites=" + context.cipherSuites().size() + '}';
    }
}
