package dev.loopwork.bench.server;

import dev.loopwork.LoopGroup;
import dev.loopwork.Server;
import dev.loopwork.bootstrap.Loopwork;
import dev.loopwork.http.BodyConsumer;
import dev.loopwork.http.BodyControl;
import dev.loopwork.http.FileUploadHandler;
import dev.loopwork.http.HttpLimits;
import dev.loopwork.http.HttpServer;
import dev.loopwork.http.RequestHandler;
import dev.loopwork.http.Response;
import dev.loopwork.tls.TlsContext;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Loopwork HTTP upload server (module {@code http}) on one backend, plain or behind the TLS
 * stage. The discard row's handler counts and skips each body and answers
 * {@code "received <n>"}; the file row uses the module's own {@link FileUploadHandler} as it is
 * (owner-only file, SHA-256, JSON answer with the size).
 */
public final class LoopworkHttpServer implements BenchServer {

    private final String transport;
    private final TlsContext tls;
    private final Path fileDir;
    private LoopGroup group;
    private Server server;

    /** {@code tls} null: plain; {@code fileDir} null: discard bodies. */
    public LoopworkHttpServer(String transport, TlsContext tls, Path fileDir) {
        this.transport = transport;
        this.tls = tls;
        this.fileDir = fileDir;
    }

    @Override
    public int start() {
        group = Loopwork.group().transport(transport).loops(1).name("bench-" + transport).build();
        RequestHandler handler = fileDir == null ? (request, response) -> new Discard(response)
                : new FileUploadHandler(fileDir);
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
                + (fileDir != null ? " with FileUploadHandler" : " with a discarding BodyConsumer") + " (" + transport + ")";
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
}
