package dev.loopwork.bench.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The two wire protocols of the benchmark.
 *
 * <h2>raw</h2>
 * The client sends an 8-byte big-endian length, then that many bytes; the server discards them
 * and, once it has them all, answers {@code "received <n>\n"}. The length prefix lets the server
 * acknowledge the end without relying on half-close, so the clock stops on the same event for
 * every raw server.
 *
 * <h2>http</h2>
 * One {@code POST /upload} with {@code Content-Length}; the server answers {@code 200} with the
 * body {@code "received <n>\n"} once the whole body arrived. Either way the client checks the
 * count, so a server that lost bytes fails the run instead of looking fast.
 */
public final class Protocol {

    public static final int RAW_PREFIX = 8;

    private Protocol() {
    }

    /** The acknowledgement both protocols carry as their answer. */
    public static String ack(long received) {
        return "received " + received + "\n";
    }

    public static ByteBuffer ackBuffer(long received) {
        return ByteBuffer.wrap(ack(received).getBytes(StandardCharsets.US_ASCII));
    }

    /** The full HTTP answer to an upload, as both HTTP servers' peers would write it. */
    public static byte[] httpResponse(long received) {
        String body = ack(received);
        return ("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: " + body.length() + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.US_ASCII);
    }
}
