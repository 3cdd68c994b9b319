package dev.loopwork.bench.harness;

import dev.loopwork.bench.client.Wire;

/**
 * One row of the benchmark: which implementation, on which backend, serving which body, over
 * plain TCP or TLS with which engine.
 *
 * @param impl    {@code loopwork} or {@code netty}
 * @param backend for Loopwork a provider name ({@code nio}, {@code epoll}, {@code example-tick}, ...);
 *                for Netty its transport ({@code nio}, {@code epoll})
 * @param body    {@code raw} (the limit: no HTTP), {@code http} (discarding handler) or
 *                {@code http-file} (file-writing handler)
 * @param tls     {@code none}, {@code jdk} or {@code openssl}
 * @param pending why the row cannot run yet, or {@code null}
 */
public record Case(String impl, String backend, String body, String tls, String pending) {

    public String id() {
        return impl + "/" + backend + "/" + body + "/" + security();
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

    /** The raw plain row: the limit of its backend, what the other rows are divided by. */
    public boolean isLimit() {
        return isRaw() && "none".equals(tls);
    }

    public Wire wire() {
        return isRaw() ? Wire.RAW : Wire.HTTP;
    }

    /** The server kind {@code ServerMain} understands. */
    public String serverKind() {
        return impl + "-" + ("raw".equals(body) ? "raw" : "http");
    }

    public Case withPending(String reason) {
        return new Case(impl, backend, body, tls, reason);
    }

    /** The Netty transport that is the peer of a Loopwork backend: epoll for epoll, NIO for the Selector loops. */
    public static String nettyPeerTransport(String loopworkBackend) {
        return loopworkBackend.startsWith("epoll") ? "epoll" : loopworkBackend.startsWith("kqueue") ? "kqueue" : "nio";
    }
}
