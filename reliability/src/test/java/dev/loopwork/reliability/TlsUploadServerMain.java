package dev.loopwork.reliability;

import dev.loopwork.LoopGroup;
import dev.loopwork.Server;
import dev.loopwork.bootstrap.Loopwork;
import dev.loopwork.http.FileUploadHandler;
import dev.loopwork.http.HttpServer;
import dev.loopwork.tls.TlsContext;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The upload server over TLS on loopback, for {@code scripts/tls-scan.sh}: the same
 * {@link FileUploadHandler} and TLS stage as the tests, with the library's default TLS settings and
 * a fresh self-signed certificate. Writes its port to {@code --port-file} once it listens; stops
 * gracefully on SIGTERM, or by itself after {@code --max-seconds} (default 1800).
 *
 * <pre>TlsUploadServerMain --port-file FILE --dir DIR [--transport nio] [--port 0] [--max-seconds 1800]</pre>
 */
public final class TlsUploadServerMain {

    private TlsUploadServerMain() {
    }

    public static void main(String[] args) throws Exception {
        String transport = Loopwork.configuredTransport();
        Path portFile = null;
        Path dir = null;
        int port = 0;
        long maxSeconds = 1800;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--transport": transport = args[i + 1]; break;
                case "--port-file": portFile = Path.of(args[i + 1]); break;
                case "--dir": dir = Path.of(args[i + 1]); break;
                case "--port": port = Integer.parseInt(args[i + 1]); break;
                case "--max-seconds": maxSeconds = Long.parseLong(args[i + 1]); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (portFile == null || dir == null) {
            throw new IllegalArgumentException("usage: --port-file FILE --dir DIR [--transport T] [--port P]");
        }
        TlsContext tls = TlsContext.create(Certs.get().serverConfig().build());
        LoopGroup group = Loopwork.group().transport(transport).loops(2).name("tls-scan").build();
        Server server = HttpServer.builder().handler(new FileUploadHandler(dir)).serverName("loopwork-upload")
                .setup(s -> s.addStage(tls.newStage(s))).build()
                .listen(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> group.shutdownGracefully(Duration.ofSeconds(5))
                .toCompletableFuture().join(), "tls-scan-shutdown"));
        Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
        Files.writeString(tmp, Integer.toString(server.localAddress().getPort()), StandardCharsets.US_ASCII);
        Files.move(tmp, portFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.out.printf("TLS upload server on https://127.0.0.1:%d/ (transport %s, engine %s)%n",
                server.localAddress().getPort(), group.transport(), tls.engine());
        try {
            group.terminationFuture().toCompletableFuture().get(maxSeconds, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            group.shutdownGracefully(Duration.ofSeconds(5)).toCompletableFuture().join();
        }
    }
}
