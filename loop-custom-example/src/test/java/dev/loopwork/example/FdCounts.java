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

    static {
        // The JDK keeps one socket for good the first time NIO opens a socket (the "pre-close"
        // descriptor it dup2()s over a channel being closed): open one now so it is never counted
        // as a leak of the first test.
        try (java.nio.channels.SocketChannel warmUp = java.nio.channels.SocketChannel.open()) {
            warmUp.isOpen();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a socket channel", e);
        }
    }

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
