package dev.loopwork.bench.server;

/**
 * One server under test, started in its own JVM by {@link ServerMain}. Every server answers the
 * same two protocols (see {@link Protocol}), so one client measures them all.
 */
public interface BenchServer extends AutoCloseable {

    /** Binds to 127.0.0.1 on an ephemeral port and starts accepting; returns the port. */
    int start() throws Exception;

    /** What the report calls this server, e.g. {@code "netty 4.2.18 HttpServerCodec (epoll)"}. */
    String description();

    /**
     * Counters of the server's own (fakes and fallbacks of the core's pending-input service,
     * pauses), read by the probe at the mark and at the report; empty for servers without any.
     */
    default java.util.Map<String, Long> counters() {
        return java.util.Map.of();
    }

    @Override
    void close() throws Exception;
}
