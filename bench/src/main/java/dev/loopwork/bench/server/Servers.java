package dev.loopwork.bench.server;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLException;

/** Builds the server a {@link ServerSpec} names. */
final class Servers {

    private Servers() {
    }

    static BenchServer create(ServerSpec spec) throws Exception {
        switch (spec.kind()) {
            case "loopwork-raw":
                return new LoopworkRawServer(spec.transport(), LoopworkTls.context(spec), LoopworkOptions.of(spec));
            case "netty-h2":
                return dev.loopwork.bench.h2.H2Rows.server(spec);
            case "loopwork-h2": // HttpServer speaks h2c with prior knowledge by default
            case "loopwork-http":
                return new LoopworkHttpServer(spec.transport(), LoopworkTls.context(spec), spec.fileDir(),
                        spec.is("pause") || spec.is("pause-fallback"), spec.is("pause-fallback"),
                        LoopworkOptions.of(spec));
            case "netty-raw":
                return new NettyRawServer(NettyTransport.of(spec.transport()), nettySsl(spec));
            case "netty-http":
                return new NettyHttpServer(NettyTransport.of(spec.transport()), nettySsl(spec), spec.fileDir(),
                        spec.is("tuned"));
            case "jdk-raw":
                if (!"none".equals(spec.tls())) {
                    throw new IllegalArgumentException("the JDK read loop is plain TCP only, not " + spec.tls());
                }
                return new JdkReadServer();
            default:
                throw new IllegalArgumentException("unknown server kind '" + spec.kind() + "'");
        }
    }

    /** Netty's SslHandler with the engine the row names; the same certificate as every other TLS server. */
    private static SslContext nettySsl(ServerSpec spec) throws SSLException {
        if ("none".equals(spec.tls())) {
            return null;
        }
        SslProvider provider = "openssl".equals(spec.tls()) ? SslProvider.OPENSSL : SslProvider.JDK;
        if (provider == SslProvider.OPENSSL && !io.netty.handler.ssl.OpenSsl.isAvailable()) {
            throw new IllegalStateException("OpenSSL engine unavailable", io.netty.handler.ssl.OpenSsl.unavailabilityCause());
        }
        return SslContextBuilder.forServer(spec.certDir().resolve("cert.pem").toFile(),
                        spec.certDir().resolve("key.pem").toFile())
                .sslProvider(provider)
                .protocols("TLSv1.3", "TLSv1.2")
                .build();
    }
}
