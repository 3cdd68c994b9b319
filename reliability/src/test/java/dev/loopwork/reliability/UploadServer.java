package dev.loopwork.reliability;

import dev.loopwork.ConnectionOptions;
import dev.loopwork.LoopGroup;
import dev.loopwork.Server;
import dev.loopwork.http.BodyConsumer;
import dev.loopwork.http.FileUploadHandler;
import dev.loopwork.http.HttpLimits;
import dev.loopwork.http.HttpServer;
import dev.loopwork.http.HttpTimeouts;
import dev.loopwork.http.RequestHandler;
import dev.loopwork.tls.TlsConfig;
import dev.loopwork.tls.TlsContext;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The system under test: one loop group of the transport being tested, with the HTTP upload server
 * ({@link FileUploadHandler} on {@code /upload}, a tiny {@code /ping} that answers {@code pong})
 * listening on loopback, in plain text and, if asked, over TLS on a second port.
 *
 * <h2>Closing</h2>
 * {@link #close()} shuts the group down gracefully and then requires that everything is back:
 * no pooled buffer out (with the pool's leak report), no loop thread alive, no descriptor open that
 * was not open before the server started. Partial files are the scenario's to check, with
 * {@link #awaitStoredExactly}.
 */
final class UploadServer implements AutoCloseable {

    private static final Set<String> WARMED = ConcurrentHashMap.newKeySet();

    /** What a scenario may change. */
    static final class Options {
        int loops = 2;
        HttpLimits limits = HttpLimits.defaults();
        HttpTimeouts timeouts = HttpTimeouts.defaults();
        ConnectionOptions connection = ConnectionOptions.defaults();
        boolean tls = true;
        Duration handshakeTimeout = TlsConfig.DEFAULT_HANDSHAKE_TIMEOUT;
        int backlog = 1024;

        Options loops(int n) {
            loops = n;
            return this;
        }

        Options limits(HttpLimits l) {
            limits = l;
            return this;
        }

        Options timeouts(HttpTimeouts t) {
            timeouts = t;
            return this;
        }

        Options connection(ConnectionOptions c) {
            connection = c;
            return this;
        }

        Options tls(boolean on) {
            tls = on;
            return this;
        }

        Options handshakeTimeout(Duration d) {
            handshakeTimeout = d;
            return this;
        }
    }

    final String transport;
    final LoopGroup group;
    final Server plain;
    final Server tls;
    final Path dir;
    /** Requests whose head reached the application, by path. */
    final AtomicInteger uploadsStarted = new AtomicInteger();
    final AtomicInteger pings = new AtomicInteger();
    private final Baseline baseline;
    private boolean closed;

    private UploadServer(String what, String transport, Options o) throws IOException {
        this.transport = transport;
        warmUp(transport);
        this.dir = Files.createTempDirectory("rel-uploads-");
        this.baseline = Baseline.take();
        FileUploadHandler files = new FileUploadHandler(dir);
        RequestHandler routes = (request, response) -> {
            if (request.path().equals("/ping")) {
                pings.incrementAndGet();
                response.send(200, "text/plain", "pong\n");
                return BodyConsumer.discard();
            }
            uploadsStarted.incrementAndGet();
            return files.onRequest(request, response);
        };
        this.group = Groups.build(what, transport, o.loops, o.connection);
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        dev.loopwork.SocketOptions so = dev.loopwork.SocketOptions.builder().backlog(o.backlog).build();
        this.plain = HttpServer.builder().limits(o.limits).timeouts(o.timeouts).handler(routes).build()
                .listen(group, any, so);
        if (o.tls) {
            TlsContext ctx = TlsContext.create(Certs.get().serverConfig().handshakeTimeout(o.handshakeTimeout).build());
            this.tls = HttpServer.builder().limits(o.limits).timeouts(o.timeouts).handler(routes)
                    .setup(s -> s.addStage(ctx.newStage(s))).build().listen(group, any, so);
        } else {
            this.tls = null;
        }
    }

    static UploadServer start(String what, String transport, Options options) throws IOException {
        Transports.assumeAvailable(transport);
        return new UploadServer(what, transport, options);
    }

    /**
     * Runs one connection through a throw-away group of {@code transport} once per process, so that
     * what a transport opens once for good (native library, JDK helpers) is in every baseline.
     */
    private static void warmUp(String transport) throws IOException {
        if (!WARMED.add(transport)) {
            return;
        }
        LoopGroup g = Groups.build("warmup", transport, 1);
        try {
            Server s = HttpServer.builder().handler((rq, rs) -> {
                rs.send(200, "text/plain", "ok\n");
                return null;
            }).build().listen(g, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (Wire.Conn c = Wire.connect(s.localAddress(), false)) {
                c.out().write(Wire.ascii("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
                Wire.read(c.in());
            }
        } finally {
            try {
                g.shutdownGracefully(Duration.ofSeconds(2)).toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("warm-up group of " + transport + " did not shut down", e);
            }
        }
    }

    InetSocketAddress address(boolean overTls) {
        return (overTls ? tls : plain).localAddress();
    }

    /** Names of the files in the upload directory now. */
    Set<String> stored() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (bounded) until the upload directory holds exactly {@code expected}: no partial file left. */
    void awaitStoredExactly(Set<String> expected, String when) {
        try {
            Awaitility.await("upload directory holds exactly the complete uploads " + when)
                    .atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(25))
                    .until(() -> stored().equals(expected));
        } catch (ConditionTimeoutException e) {
            Set<String> extra = new HashSet<>(stored());
            extra.removeAll(expected);
            Set<String> missing = new HashSet<>(expected);
            missing.removeAll(stored());
            throw new AssertionError("upload directory " + when + ": files left behind " + extra + ", missing "
                    + missing, e);
        }
    }

    /** Waits (bounded) until the server holds no connection. */
    void awaitNoConnections(String when) {
        try {
            Awaitility.await("server connections closed " + when).atMost(Duration.ofSeconds(60))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(25))
                    .until(() -> group.connectionCount() == 0);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(group.connectionCount() + " server connection(s) still open " + when, e);
        }
    }

    /** Waits (bounded) until {@code n} upload requests have reached the application. */
    void awaitUploadsStarted(int n) {
        try {
            Awaitility.await(n + " uploads started").atMost(Duration.ofMinutes(2))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                    .until(() -> uploadsStarted.get() >= n);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(uploadsStarted.get() + " uploads started, expected " + n, e);
        }
    }

    /** Waits (bounded) until the server holds at least {@code n} connections. */
    void awaitConnections(int n) {
        try {
            Awaitility.await(n + " server connections").atMost(Duration.ofMinutes(5))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                    .until(() -> group.connectionCount() >= n);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the server holds " + group.connectionCount() + " connections, expected " + n, e);
        }
    }

    /** Shuts the group down and checks buffers, threads and descriptors (see the class comment). */
    @Override
    public void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        try {
            group.shutdownGracefully(Duration.ofSeconds(5)).toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertEquals(0, group.buffers().outstanding(),
                    () -> "pooled buffers still out after shutdown:\n" + group.buffers().leakReport());
            Baseline.awaitThreadsGone(group);
            baseline.awaitFds("after the server shut down");
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
