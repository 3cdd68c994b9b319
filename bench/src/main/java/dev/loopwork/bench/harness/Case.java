package dev.loopwork.bench.harness;

import dev.loopwork.bench.client.Wire;
import dev.loopwork.bench.server.NettyTransport;

/**
 * One server configuration of the benchmark: which implementation, on which backend, serving
 * which body, over plain TCP or TLS with which engine, and in which variant.
 *
 * @param impl    {@code loopwork}, {@code netty} or {@code jdk} (the bare JDK read loop)
 * @param backend for Loopwork a provider name ({@code nio}, {@code epoll}, {@code example-tick}, ...);
 *                for Netty its transport ({@code nio}, {@code epoll}, {@code io_uring}); {@code blocking}
 *                for the JDK read loop
 * @param body    {@code raw} (no HTTP), {@code http} (discarding handler) or {@code http-file}
 *                (file-writing handler)
 * @param tls     {@code none}, {@code jdk} or {@code openssl}
 * @param variant {@code -} (as a user gets it), {@code tuned} (Netty's codec with large chunks),
 *                {@code pause} (Loopwork's pausing consumer), {@code pause-fallback} (the same with
 *                the loop's {@code fakePollIn} hidden), {@code budget-<bytes>} (Loopwork with that
 *                read budget instead of the core's default)
 * @param pending why the row cannot run, or {@code null}
 */
public record Case(String impl, String backend, String body, String tls, String variant, String pending) {

    public static Case of(String impl, String backend, String body, String tls) {
        return new Case(impl, backend, body, tls, "-", null);
    }

    public Case variant(String v) {
        return new Case(impl, backend, body, tls, v, pending);
    }

    public String id() {
        return impl + ("-".equals(variant) ? "" : "-" + variant) + "/" + backend + "/" + body + "/" + security();
    }

    public String security() {
        return "none".equals(tls) ? "plain" : "tls-" + tls;
    }

    public boolean isLoopwork() {
        return "loopwork".equals(impl);
    }

    public boolean isRaw() {
        return "raw".equals(body);
    }

    public boolean isPlain() {
        return "none".equals(tls);
    }

    public boolean isPausing() {
        return variant.startsWith("pause");
    }

    public Wire wire() {
        return isRaw() ? Wire.RAW : Wire.HTTP;
    }

    /** The server kind {@code ServerMain} understands. */
    public String serverKind() {
        return impl + "-" + (isRaw() ? "raw" : dev.loopwork.bench.h2.H2Rows.isH2(this) ? "h2" : "http");
    }

    public Case withPending(String reason) {
        return new Case(impl, backend, body, tls, variant, reason);
    }

    /** The Netty transport that is the peer of a Loopwork backend (see {@link NettyTransport#peerOf}). */
    public static String nettyPeerTransport(String loopworkBackend) {
        return NettyTransport.peerOf(loopworkBackend);
    }

    @Override
    public String toString() {
        return id();
    }
}
