package dev.loopwork.http;

import dev.loopwork.LoopGroup;
import dev.loopwork.Server;
import dev.loopwork.bootstrap.Loopwork;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * A runnable upload server to try with curl:
 *
 * <pre>
 * java ... dev.loopwork.http.UploadServerMain --port 8080 --dir /tmp/up [--host 127.0.0.1]
 *          [--transport nio|epoll|auto] [--loops 2] [--max-body 1G]
 * curl -T big.iso http://127.0.0.1:8080/                      # Content-Length body
 * curl -H 'Transfer-Encoding: chunked' -T big.iso http://127.0.0.1:8080/
 * curl -F a=@one.bin -F b=@two.bin http://127.0.0.1:8080/     # multipart
 * </pre>
 *
 * Answers JSON with the stored file names, sizes and SHA-256 (see {@link FileUploadHandler}).
 * Ctrl-C shuts down gracefully: uploads in flight get 30 s to finish.
 */
public final class UploadServerMain {

    private UploadServerMain() {
    }

    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = 8080;
        Path dir = null;
        String transport = Loopwork.configuredTransport();
        int loops = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        long maxBody = HttpLimits.defaults().maxBodySize();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                usage(null);
                return;
            }
            if (i + 1 >= args.length) {
                usage("missing value after " + a);
                return;
            }
            String v = args[++i];
            switch (a) {
                case "--host": host = v; break;
                case "--port": port = Integer.parseInt(v); break;
                case "--dir": dir = Path.of(v); break;
                case "--transport": transport = v; break;
                case "--loops": loops = Integer.parseInt(v); break;
                case "--max-body": maxBody = parseSize(v); break;
                default:
                    usage("unknown option " + a);
                    return;
            }
        }
        if (dir == null) {
            usage("--dir is required");
            return;
        }
        HttpServer http = HttpServer.builder()
                .limits(HttpLimits.builder().maxBodySize(maxBody).build())
                .handler(new FileUploadHandler(dir))
                .serverName("loopwork-upload")
                .build();
        LoopGroup group = Loopwork.group().transport(transport).loops(loops).build();
        Server server = http.listen(group, new InetSocketAddress(host, port));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            group.shutdownGracefully(Duration.ofSeconds(30)).toCompletableFuture().join();
            stopped.countDown();
        }, "upload-server-shutdown"));
        InetSocketAddress at = server.localAddress();
        System.out.printf(Locale.ROOT, "upload server on http://%s:%d/ (transport %s, %d loops), storing in %s%n",
                at.getHostString(), at.getPort(), group.transport(), loops, dir.toAbsolutePath());
        System.out.printf(Locale.ROOT, "try: curl -F file=@/etc/hostname http://%s:%d/%n", at.getHostString(), at.getPort());
        group.terminationFuture().toCompletableFuture().join();
        stopped.await();
    }

    /** {@code 123}, {@code 64K}, {@code 512M}, {@code 2G}. */
    static long parseSize(String v) {
        String s = v.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
        if (last == 'K' || last == 'M' || last == 'G') {
            unit = last == 'K' ? 1L << 10 : last == 'M' ? 1L << 20 : 1L << 30;
            s = s.substring(0, s.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.parseLong(s), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("--max-body: not a size: " + v, e);
        }
    }

    private static void usage(String problem) {
        if (problem != null) {
            System.err.println("error: " + problem);
        }
        System.err.println("usage: UploadServerMain --dir DIR [--port 8080] [--host 127.0.0.1] "
                + "[--transport auto|nio|epoll] [--loops N] [--max-body 1G]");
        if (problem != null) {
            System.exit(2);
        }
    }
}
