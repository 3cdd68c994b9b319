package dev.loopwork.bench.server;

import dev.loopwork.LoopGroup;
import dev.loopwork.PendingInputStats;
import dev.loopwork.Server;
import dev.loopwork.bootstrap.Loopwork;
import dev.loopwork.http.BodyConsumer;
import dev.loopwork.http.BodyControl;
import dev.loopwork.http.FileUploadHandler;
import dev.loopwork.http.HttpLimits;
import dev.loopwork.http.HttpServer;
import dev.loopwork.http.RequestHandler;
import dev.loopwork.http.Response;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.tls.TlsContext;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Loopwork HTTP upload server (module {@code http}) on one backend, plain or behind the TLS
 * stage. The discard row's handler counts and skips each body and answers
 * {@code "received <n>"}; the file row uses the module's own {@link FileUploadHandler} as it is
 * (owner-only file, SHA-256, JSON answer with the size).
 *
 * <h2>The pausing consumer</h2>
 * With {@code pausing}, the consumer stops at every MiB boundary of the body: it consumes the
 * chunk up to the boundary, leaves the rest in the chunk, pauses, and a timer thread resumes it
 * {@value #RESUME_MICROS} us later. The bytes it left are pending input above a drained socket:
 * the core must get them served by the loop's {@code fakePollIn} or by its fallback task. The
 * core's counters ({@code LoopGroup.pendingInputStats()}) show which ran, and how often.
 */
public final class LoopworkHttpServer implements BenchServer {

    private final String transport;
    private final TlsContext tls;
    private final Path fileDir;
    private final boolean pausing;
    private final LoopProvider provider;
    private final boolean hideHook;
    private final LoopworkOptions options;
    private final AtomicLong pauses = new AtomicLong();
    private ScheduledExecutorService timer;
    private LoopGroup group;
    private Server server;

    static final long PAUSE_EVERY = 1 << 20;
    static final long RESUME_MICROS = 50;

    /** {@code tls} null: plain; {@code fileDir} null: discard bodies. */
    public LoopworkHttpServer(String transport, TlsContext tls, Path fileDir) {
        this(transport, tls, fileDir, false, false);
    }

    /**
     * @param pausing  the pausing consumer instead of the plain discarding one
     * @param hideHook hide the loop's {@code fakePollIn} from the core (it takes its fallback)
     */
    public LoopworkHttpServer(String transport, TlsContext tls, Path fileDir, boolean pausing, boolean hideHook) {
        this(transport, tls, fileDir, pausing, hideHook, LoopworkOptions.fromSystemProperties());
    }

    /** As above, with the connection options of the row. */
    LoopworkHttpServer(String transport, TlsContext tls, Path fileDir, boolean pausing, boolean hideHook,
                       LoopworkOptions options) {
        this.transport = transport;
        this.options = options;
        this.tls = tls;
        this.fileDir = fileDir;
        this.pausing = pausing;
        this.hideHook = hideHook;
        LoopProvider real = Loopwork.selectProvider(transport);
        this.provider = hideHook ? new HookHidingProvider(real) : real;
    }

    @Override
    public int start() {
        group = Loopwork.group().provider(provider).loops(1).name("bench-" + transport)
                .options(options.connectionOptions()).build();
        RequestHandler handler;
        if (fileDir != null) {
            handler = new FileUploadHandler(fileDir);
        } else if (pausing) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "bench-resume-timer");
                t.setDaemon(true);
                return t;
            });
            handler = (request, response) -> new Pausing(response, timer, pauses);
        } else {
            handler = (request, response) -> new Discard(response);
        }
        HttpServer.Builder http = HttpServer.builder()
                // the full profile sends 4 GiB bodies; the default limit is meant for real services
                .limits(HttpLimits.builder().maxBodySize(64L << 30).build())
                .handler(handler);
        if (tls != null) {
            http.setup(setup -> setup.addStage(tls.newStage(setup)));
        }
        server = http.build().listen(group, new InetSocketAddress("127.0.0.1", 0));
        return server.localAddress().getPort();
    }

    @Override
    public String description() {
        return "Loopwork HttpServer" + LoopworkTls.describe(tls)
                + (fileDir != null ? " with FileUploadHandler" : pausing ? " with a consumer pausing every MiB"
                + " (resumed by a timer thread)" : " with a discarding BodyConsumer")
                + (hideHook ? ", fakePollIn hidden (core fallback)" : "") + options.describe()
                + " (" + transport + ")";
    }

    @Override
    public Map<String, Long> counters() {
        PendingInputStats served = group.pendingInputStats(); // the core's own counts
        return Map.of("fakes", served.fakePollIns(), "fallbacks", served.fallbackTasks(), "pauses", pauses.get());
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (group != null) {
            group.shutdownGracefully(Duration.ofSeconds(5)).toCompletableFuture().join();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Counts and skips: each chunk is a slice of the connection's buffer, nothing is copied. */
    static final class Discard implements BodyConsumer {
        private final Response response;
        private long received;

        Discard(Response response) {
            this.response = response;
        }

        @Override
        public void onChunk(ByteBuffer chunk, BodyControl control) {
            received += chunk.remaining();
            chunk.position(chunk.limit());
        }

        @Override
        public void onComplete() {
            response.status(200).header("Content-Type", "text/plain").send(Protocol.ack(received));
        }
    }

    /**
     * Discards like {@link Discard}, but stops at every {@value #PAUSE_EVERY}-byte boundary: takes
     * the chunk up to it, leaves the rest, pauses, and has the timer resume.
     */
    static final class Pausing implements BodyConsumer {
        private final Response response;
        private final ScheduledExecutorService timer;
        private final AtomicLong pauses;
        private long received;

        Pausing(Response response, ScheduledExecutorService timer, AtomicLong pauses) {
            this.response = response;
            this.timer = timer;
            this.pauses = pauses;
        }

        @Override
        public void onChunk(ByteBuffer chunk, BodyControl control) {
            long toBoundary = PAUSE_EVERY - received % PAUSE_EVERY;
            if (chunk.remaining() < toBoundary) {
                received += chunk.remaining();
                chunk.position(chunk.limit());
                return;
            }
            chunk.position(chunk.position() + (int) toBoundary);
            received += toBoundary;
            if (received == control.contentLength()) {
                return; // the body is complete: nothing left to pause for
            }
            control.pause();
            pauses.incrementAndGet();
            timer.schedule(control::resume, RESUME_MICROS, TimeUnit.MICROSECONDS);
        }

        @Override
        public void onComplete() {
            response.status(200).header("Content-Type", "text/plain").send(Protocol.ack(received));
        }
    }
}
