package dev.loopwork.bench.client;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** What the client says before the body, per protocol (see {@code server.Protocol}). */
public enum Wire {
    RAW,
    HTTP;

    public ByteBuffer head(InetSocketAddress server, long bodyBytes) {
        if (this == RAW) {
            ByteBuffer b = ByteBuffer.allocate(8).putLong(bodyBytes);
            return b.flip();
        }
        String head = "POST /upload HTTP/1.1\r\n"
                + "Host: " + server.getHostString() + ":" + server.getPort() + "\r\n"
                + "Content-Type: application/octet-stream\r\n"
                + "Content-Length: " + bodyBytes + "\r\n"
                + "\r\n";
        return ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII));
    }
}
