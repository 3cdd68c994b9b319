package dev.loopwork.bench.server;

import java.nio.file.Path;
import java.util.List;

/**
 * Which server a server JVM runs, as passed on its command line.
 *
 * @param kind      {@code loopwork-raw}, {@code netty-raw}, {@code netty-http}, {@code loopwork-http},
 *                  {@code jdk-raw} (the bare JDK read loop)
 * @param transport Loopwork provider name, or Netty transport ({@code nio}, {@code epoll})
 * @param tls       {@code none}, {@code jdk} or {@code openssl}
 * @param certDir   where {@code cert.pem} and {@code key.pem} are (TLS only)
 * @param fileDir   where uploads are written; {@code null} to discard them
 * @param variant   {@code -} (as a user gets it), {@code tuned} (Netty's codec with 1 MiB chunks),
 *                  {@code pause} (Loopwork's pausing consumer), {@code pause-fallback} (the same on a
 *                  loop whose {@code fakePollIn} is hidden, so the core falls back to a task),
 *                  {@code budget-<bytes>} (a Loopwork server with that read budget)
 */
public record ServerSpec(String kind, String transport, String tls, Path certDir, Path fileDir, String variant) {

    public List<String> toArgs() {
        return List.of(kind, transport, tls, String.valueOf(certDir), fileDir == null ? "-" : fileDir.toString(), variant);
    }

    public static ServerSpec fromArgs(String[] args) {
        if (args.length != 6) {
            throw new IllegalArgumentException("usage: ServerMain <kind> <transport> <tls> <certDir> <fileDir|-> <variant|->");
        }
        return new ServerSpec(args[0], args[1], args[2], Path.of(args[3]), "-".equals(args[4]) ? null : Path.of(args[4]),
                args[5]);
    }

    public boolean is(String v) {
        return v.equals(variant);
    }
}
