package dev.loopwork.tls;

import dev.loopwork.tls.internal.EngineFactory;
import dev.loopwork.tls.internal.SslEngineStage;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCounted;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import java.time.Duration;

/**
 * Peers configured outside {@link TlsConfig}, to play clients that TlsConfig refuses to be: old
 * protocol versions, CBC-only suites, a client that renegotiates.
 */
final class RawPeers {

    private RawPeers() {
    }

    /** A JDK client engine that trusts anything, with exactly these protocols and suites. */
    static SSLEngine jdkClient(String[] protocols, String[] suites) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
        SSLEngine engine = context.createSSLEngine("localhost", 8443);
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(protocols);
        if (suites != null) {
            engine.setEnabledCipherSuites(suites);
        }
        return engine;
    }

    /** A BoringSSL client engine that trusts anything, with exactly these protocols and suites. */
    static SSLEngine openSslClient(String[] protocols, String[] suites) throws Exception {
        SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL)
                .trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null)
                .protocols(protocols);
        if (suites != null) {
            b.ciphers(java.util.List.of(suites));
        }
        return b.build().newEngine(ByteBufAllocator.DEFAULT, "localhost", 8443);
    }

    /** Wraps {@code engine} in the stage the library would use. */
    static SslEngineStage stage(SSLEngine engine) {
        TlsEngine kind = engine instanceof ReferenceCounted ? TlsEngine.OPENSSL : TlsEngine.JDK;
        EngineFactory factory = new EngineFactory() {
            @Override
            public TlsEngine kind() {
                return kind;
            }

            @Override
            public String description() {
                return "raw " + kind;
            }

            @Override
            public SSLEngine newEngine(String peerHost, int peerPort) {
                throw new UnsupportedOperationException("raw peers bring their engine");
            }

            @Override
            public void dispose(SSLEngine e) {
                if (e instanceof ReferenceCounted && ((ReferenceCounted) e).refCnt() > 0) {
                    ((ReferenceCounted) e).release();
                }
            }
        };
        return new SslEngineStage(engine, factory, "localhost:8443", Duration.ofSeconds(10), (e, c, d) -> { });
    }
}
