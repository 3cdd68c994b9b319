package dev.loopwork.http.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds a response head in one heap buffer, ISO-8859-1 as HTTP fields are. */
final class HeadWriter {

    private final StringBuilder sb = new StringBuilder(256);

    HeadWriter status(int code) {
        sb.append("HTTP/1.1 ").append(code).append(' ').append(Statuses.reason(code)).append("\r\n");
        return this;
    }

    HeadWriter field(String name, String value) {
        sb.append(name).append(": ").append(value).append("\r\n");
        return this;
    }

    HeadWriter field(String name, long value) {
        sb.append(name).append(": ").append(value).append("\r\n");
        return this;
    }

    ByteBuffer end() {
        sb.append("\r\n");
        return ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** {@code HTTP/1.1 100 Continue}: a fresh buffer each time, since the connection takes ownership. */
    static ByteBuffer continueHead() {
        return ByteBuffer.wrap(CONTINUE.clone());
    }

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
}
