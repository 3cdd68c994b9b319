package dev.loopwork.bench.server;

import dev.loopwork.Connection;
import dev.loopwork.ConnectionHandler;
import dev.loopwork.LoopGroup;
import dev.loopwork.PendingInputStats;
import dev.loopwork.Server;
import dev.loopwork.bootstrap.Loopwork;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.tls.TlsContext;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;

/**
 * The raw limit of a Loopwork backend: a plain {@link ConnectionHandler} that skips every byte it
 * is given (no HTTP, no TLS), speaking {@link Protocol}'s raw protocol. What the HTTP server on
 * the same backend can at best reach. Behind the TLS stage, it measures TLS alone.
 */
public final class LoopworkRawServer implements BenchServer {

    private final String transport;
    private final TlsContext tls;
    private final LoopProvider provider;
    private final LoopworkOptions options;
    private LoopGroup group;
    private Server server;

    /** {@code tls} null: plain TCP. */
    public LoopworkRawServer(String transport, TlsContext tls) {
        this(transport, tls, LoopworkOptions.fromSystemProperties());
    }

    /** As above, with the connection options of the row. */
    LoopworkRawServer(String transport, TlsContext tls, LoopworkOptions options) {
        this.transport = transport;
        this.tls = tls;
        this.options = options;
        this.provider = Loopwork.selectProvider(transport);
    }

    @Override
    public Map<String, Long> counters() {
        PendingInputStats served = group.pendingInputStats(); // the core's own counts
        return Map.of("fakes", served.fakePollIns(), "fallbacks", served.fallbackTasks());
    }

    @Override
    public int start() {
        // One loop: a single upload lives on one loop anyway, and Netty's peers get one thread too.
        group = Loopwork.group().provider(provider).loops(1).name("bench-" + transport)
                .options(options.connectionOptions()).build();
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        server = group.listen(any, tls == null ? setup -> new Discard() : tls.wrap(setup -> new Discard()));
        return server.localAddress().getPort();
    }

    @Override
    public String description() {
        return "Loopwork raw discard ConnectionHandler" + LoopworkTls.describe(tls) + options.describe()
                + " (" + transport + ")";
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (group != null) {
            group.shutdownGracefully(Duration.ofSeconds(5)).toCompletableFuture().join();
        }
    }

    /** Reads the length prefix, then skips bytes by moving the position: nothing is copied. */
    static final class Discard implements ConnectionHandler {
        private long expected = -1;
        private long received;

        @Override
        public void onData(Connection c, ByteBuffer data) {
            if (expected < 0) {
                if (data.remaining() < Protocol.RAW_PREFIX) {
                    return; // the core keeps the partial prefix and offers it again with more bytes
                }
                expected = data.getLong();
            }
            int n = (int) Math.min(data.remaining(), expected - received);
            data.position(data.position() + n);
            received += n;
            if (received == expected) {
                c.write(Protocol.ackBuffer(received));
                expected = -1;
                received = 0;
            }
            if (data.hasRemaining()) {
                // The client sends nothing after its upload; skip anything stray rather than stall.
                data.position(data.limit());
            }
        }
    }
}
