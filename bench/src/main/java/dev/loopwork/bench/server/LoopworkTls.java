package dev.loopwork.bench.server;

import dev.loopwork.tls.TlsConfig;
import dev.loopwork.tls.TlsContext;
import dev.loopwork.tls.TlsEngine;

/**
 * The Loopwork TLS stage for a server row: the run's certificate, the engine the row names. A
 * benchmark row must not silently measure another engine, so a fallback (OpenSSL asked, JDK
 * given) fails the row instead.
 */
final class LoopworkTls {

    private LoopworkTls() {
    }

    /** {@code null} for plain rows. */
    static TlsContext context(ServerSpec spec) {
        if ("none".equals(spec.tls())) {
            return null;
        }
        TlsEngine engine = "openssl".equals(spec.tls()) ? TlsEngine.OPENSSL : TlsEngine.JDK;
        var config = TlsConfig.server()
                .keyAndCertificateChain(spec.certDir().resolve("key.pem"), spec.certDir().resolve("cert.pem"))
                .engine(engine);
        if (spec.kind().endsWith("-h2")) {
            config.applicationProtocols("h2", "http/1.1"); // the HTTP/2 rows (package h2) negotiate h2 by ALPN
        }
        TlsContext context = TlsContext.create(config.build());
        if (context.engine() != engine) {
            throw new IllegalStateException("TLS engine " + engine + " asked for, " + context.engine() + " runs");
        }
        return context;
    }

    static String describe(TlsContext context) {
        return context == null ? "" : " + TLS stage (" + context.engine() + " engine)";
    }
}
