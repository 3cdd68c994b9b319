package dev.loopwork.tls.internal;

import java.util.Optional;

/**
 * Whether the OpenSSL (BoringSSL) engine can run here. Netty's classes are touched only after
 * the class-path check succeeds, so that this class loads where netty is absent; the answer is
 * computed once.
 */
public final class OpenSslSupport {

    private static final Throwable UNAVAILABILITY_CAUSE = probe();

    private OpenSslSupport() {
    }

    /** Whether netty-handler and a loadable netty-tcnative are present. */
    public static boolean isAvailable() {
        return UNAVAILABILITY_CAUSE == null;
    }

    /** Why it is not available, if it is not. */
    public static Optional<Throwable> unavailabilityCause() {
        return Optional.ofNullable(UNAVAILABILITY_CAUSE);
    }

    /** The OpenSSL flavour and version, e.g. "BoringSSL", or why there is none. */
    public static String versionString() {
        return isAvailable() ? NettyOpenSsl.versionString() : "unavailable: " + UNAVAILABILITY_CAUSE;
    }

    private static Throwable probe() {
        try {
            Class.forName("io.netty.handler.ssl.OpenSsl", false, OpenSslSupport.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return new ClassNotFoundException("io.netty:netty-handler is not on the class path (or its module "
                    + "is not resolved: add --add-modules io.netty.handler)", e);
        }
        try {
            return NettyOpenSsl.unavailabilityCause();
        } catch (LinkageError e) {
            return e;
        }
    }

    /** The only place netty's {@code OpenSsl} class is named, loaded after the check above. */
    private static final class NettyOpenSsl {
        static Throwable unavailabilityCause() {
            if (io.netty.handler.ssl.OpenSsl.isAvailable()) {
                return null;
            }
            Throwable cause = io.netty.handler.ssl.OpenSsl.unavailabilityCause();
            return cause != null ? cause : new IllegalStateException("netty reports OpenSSL as unavailable");
        }

        static String versionString() {
            return io.netty.handler.ssl.OpenSsl.versionString();
        }
    }
}
