package dev.loopwork.tls;

/**
 * Which {@link javax.net.ssl.SSLEngine} implementation a {@link TlsContext} uses.
 *
 * <h2>Fallback</h2>
 * {@link #OPENSSL} needs {@code io.netty:netty-handler} and {@code netty-tcnative-boringssl-static}
 * (with the native jar for this platform) on the class path. When they are missing or the native
 * library does not load, {@link TlsContext#create} logs one WARN line with the cause and uses
 * {@link #JDK}; {@link TlsContext#engine()} says which engine was chosen.
 */
public enum TlsEngine {
    /** The JDK's own {@code SSLEngine} (SunJSSE). Always available; the default. */
    JDK,
    /** BoringSSL through netty-tcnative, usually several times faster at bulk encryption. */
    OPENSSL
}
