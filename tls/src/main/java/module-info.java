/**
 * TLS for Loopwork connections: {@code dev.loopwork.tls.TlsContext} makes one
 * {@link dev.loopwork.Stage} per connection over an {@link javax.net.ssl.SSLEngine}.
 *
 * <p>The OpenSSL engine (netty-tcnative) and {@code SelfSignedCertificate} (BouncyCastle) are
 * optional: their modules are read only if present.
 */
module dev.loopwork.tls {
    requires transitive dev.loopwork.api;

    requires static io.netty.handler;
    requires static io.netty.buffer;
    requires static io.netty.common;
    requires static org.bouncycastle.pkix;
    requires static org.bouncycastle.provider;
    requires static org.bouncycastle.util;

    exports dev.loopwork.tls;
}
