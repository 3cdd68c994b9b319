package dev.loopwork.bench.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Collects the server's answer and checks it: for raw, one line; for HTTP, a head with a 200
 * status and {@code Content-Length}, then that many bytes. Both carry {@code "received <n>"}, which
 * must equal what was sent.
 */
final class ResponseReader {

    private static final int MAX = 64 * 1024;

    private final Wire wire;
    private final StringBuilder text = new StringBuilder();
    private int bodyStart = -1;
    private int contentLength = -1;

    ResponseReader(Wire wire) {
        this.wire = wire;
    }

    /** Takes the bytes between position and limit; returns whether the answer is complete. */
    boolean feed(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            text.append((char) (src.get() & 0xff));
        }
        if (text.length() > MAX) {
            throw new IOException("answer longer than " + MAX + " bytes: " + preview());
        }
        if (wire == Wire.RAW) {
            return text.indexOf("\n") >= 0;
        }
        if (bodyStart < 0) {
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                return false;
            }
            bodyStart = end + 4;
            String head = text.substring(0, end);
            if (!head.startsWith("HTTP/1.1 200")) {
                throw new IOException("server answered " + preview());
            }
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                    contentLength = Integer.parseInt(line.substring(colon + 1).trim());
                }
            }
            if (contentLength < 0) {
                throw new IOException("answer without content-length: " + preview());
            }
        }
        return text.length() - bodyStart >= contentLength;
    }

    /**
     * The count the server acknowledged; throws unless it equals {@code sent}. Accepts the
     * benchmark's {@code "received <n>"} and the JSON of Loopwork's {@code FileUploadHandler}
     * ({@code "size":<n>}), which the file rows use as it is.
     */
    void check(long sent) throws IOException {
        String body = (wire == Wire.RAW ? text.toString() : text.substring(bodyStart, bodyStart + contentLength)).trim();
        String expected = "received " + sent;
        boolean ok = body.equals(expected) || (body.startsWith("{") && body.contains("\"size\":" + sent + ","));
        if (!ok) {
            throw new IOException("server acknowledged '" + body + "', expected '" + expected + "'");
        }
    }

    private String preview() {
        String s = text.length() > 200 ? text.substring(0, 200) + "..." : text.toString();
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }
}
