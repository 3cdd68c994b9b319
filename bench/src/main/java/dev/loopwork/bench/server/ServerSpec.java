package dev.loopwork.bench.server;

import java.nio.file.Path;
import java.util.List;

/**
 * Which server a server JVM runs, as passed on its command line.
 *
 * @param kind      {@code loopwork-raw}, {@code netty-raw}, {@code netty-http}, {@code loopwork-http}
 * @param transport Loopwork provider name, or Netty transport ({@code nio}, {@code epoll})
 * @param tls       {@code none}, {@code jdk} or {@code openssl}
 * @param certDir   where {@code cert.pem} and {@code key.pem} are (TLS only)
 * @param fileDir   where uploads are written; {@code null} to discard them
 */
public record ServerSpec(String kind, String transport, String tls, Path certDir, Path fileDir) {

    public List<String> toArgs() {
        return List.of(kind, transport, tls, String.valueOf(certDir), fileDir == null ? "-" : fileDir.toString());
    }

    public static ServerSpec fromArgs(String[] args) {
        if (args.length != 5) {
            throw new IllegalArgumentException("usage: ServerMain <kind> <transport> <tls> <certDir> <fileDir|->");
        }
        return new ServerSpec(args[0], args[1], args[2], Path.of(args[3]), "-".equals(args[4]) ? null : Path.of(args[4]));
    }
}
