package dev.loopwork.example;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The file descriptors of this process that a loop can leak, by kind, read from
 * {@code /proc/self/fd}: sockets, pipes, epoll instances (a selector) and eventfds (its wakeup).
 */
record FdCounts(int sockets, int pipes, int eventpolls, int eventfds) {

    static FdCounts now() {
        int sockets = 0;
        int pipes = 0;
        int eventpolls = 0;
        int eventfds = 0;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue; // closed while we looked (the listing's own fd, for one)
                }
                if (target.startsWith("socket:")) {
                    sockets++;
                } else if (target.startsWith("pipe:")) {
                    pipes++;
                } else if (target.equals("anon_inode:[eventpoll]")) {
                    eventpolls++;
                } else if (target.equals("anon_inode:[eventfd]")) {
                    eventfds++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list /proc/self/fd", e);
        }
        return new FdCounts(sockets, pipes, eventpolls, eventfds);
    }
}
