package dev.loopwork.bench.jmh;

import dev.loopwork.ConnectionHandler;
import dev.loopwork.LoopGroup;
import dev.loopwork.bootstrap.Loopwork;
import dev.loopwork.http.BodyConsumer;
import dev.loopwork.http.BodyControl;
import dev.loopwork.http.HttpLimits;
import dev.loopwork.http.HttpServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP server's hot paths through its public API: a keep-alive connection of
 * {@link HttpServer} fed from memory (no socket, no loop; see {@link FakeConnection}).
 * <ul>
 *   <li>{@code heads}: 32 pipelined requests with browser-like heads and no body: head parsing,
 *       validation and the exchange around it. Score: requests per second.</li>
 *   <li>{@code chunked}: one upload of 1 MiB in 16 KiB chunks, delivered in 64 KiB reads: chunked
 *       decoding. Score x 1 MiB = bytes/s.</li>
 *   <li>{@code contentLength}: the same 1 MiB with {@code Content-Length}: the baseline chunked is
 *       compared with.</li>
 * </ul>
 * The handler discards bodies by moving the chunk's position, so body bytes are never touched:
 * the scores are the cost of framing and of the exchange around it, which is what the server adds
 * to a socket read. Answers are counted, not sent.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HttpBench {

    static final int PIPELINED = 32;
    static final int BODY = 1 << 20;
    static final int CHUNK = 16 * 1024;
    /** Bytes per delivery, as the core's default read buffer would hand them over. */
    static final int READ = 64 * 1024;

    private LoopGroup group;
    private FakeConnection connection;
    private ConnectionHandler handler;
    private ByteBuffer heads;
    private ByteBuffer chunked;
    private ByteBuffer identity;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        group = Loopwork.group().transport("nio").loops(1).build(); // only for its buffer pool
        HttpServer server = HttpServer.builder()
                .limits(HttpLimits.builder().maxBodySize(1L << 40).build())
                .handler((request, response) -> new BodyConsumer() {
                    @Override
                    public void onChunk(ByteBuffer chunk, BodyControl control) {
                        chunk.position(chunk.limit());
                    }

                    @Override
                    public void onComplete() {
                        response.status(200).send("ok");
                    }
                })
                .build();
        connection = new FakeConnection();
        handler = server.initialize(connection.setup(group.buffers()));
        handler.onOpen(connection);
        heads = direct(pipelinedHeads());
        chunked = direct(chunkedUpload());
        identity = direct(identityUpload());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        handler.onClosed(connection, null);
        group.close();
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINED)
    public long heads() throws Exception {
        return run(heads);
    }

    @Benchmark
    public long chunked() throws Exception {
        return run(chunked);
    }

    @Benchmark
    public long contentLength() throws Exception {
        return run(identity);
    }

    private long run(ByteBuffer input) throws Exception {
        ByteBuffer in = input.duplicate();
        connection.feed(handler, in, READ);
        if (in.hasRemaining()) {
            throw new IllegalStateException("server stopped with " + in.remaining() + " bytes unread");
        }
        return connection.written;
    }

    private static String head(String method, String extra) {
        return method + " /api/v1/uploads/photos?album=summer-2024&resize=false HTTP/1.1\r\n"
                + "Host: uploads.example.com\r\n"
                + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n"
                + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
                + "Accept-Language: en-US,en;q=0.5\r\n"
                + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
                + "Cookie: session=3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c; theme=dark; consent=all\r\n"
                + "Referer: https://uploads.example.com/albums/summer-2024\r\n"
                + "Sec-Fetch-Mode: cors\r\n"
                + extra
                + "\r\n";
    }

    private static byte[] pipelinedHeads() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < PIPELINED; i++) {
            sb.append(head("GET", ""));
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] chunkedUpload() {
        ByteBuffer b = ByteBuffer.allocate(BODY + BODY / CHUNK * 16 + 1024);
        b.put(head("POST", "Content-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] data = new byte[CHUNK];
        new java.util.SplittableRandom(1).nextBytes(data);
        for (int sent = 0; sent < BODY; sent += CHUNK) {
            b.put((Integer.toHexString(CHUNK) + "\r\n").getBytes(StandardCharsets.US_ASCII)).put(data)
                    .put("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        b.put("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    private static byte[] identityUpload() {
        byte[] head = head("POST", "Content-Type: application/octet-stream\r\nContent-Length: " + BODY + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[BODY];
        new java.util.SplittableRandom(1).nextBytes(body);
        byte[] all = java.util.Arrays.copyOf(head, head.length + BODY);
        System.arraycopy(body, 0, all, head.length, BODY);
        return all;
    }

    private static ByteBuffer direct(byte[] bytes) {
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    }
}
