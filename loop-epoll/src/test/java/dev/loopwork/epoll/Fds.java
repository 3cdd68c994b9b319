package dev.loopwork.epoll;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts this process's descriptors of the kinds a loop opens (sockets, epoll, eventfd, timerfd, pipes),
 * from {@code /proc/self/fd}, so that tests can check nothing leaked.
 */
final class Fds {

    private Fds() {
    }

    /** Kind (e.g. {@code socket}, {@code anon_inode:[eventpoll]}) to count. */
    static Map<String, Integer> snapshot() {
        Map<String, Integer> counts = new TreeMap<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Paths.get("/proc/self/fd"))) {
            for (Path p : dir) {
                String target;
                try {
                    target = Files.readSymbolicLink(p).toString();
                } catch (IOException e) {
                    continue; // closed while listing (the stream's own descriptor, for one)
                }
                String kind = kind(target);
                if (kind != null) {
                    counts.merge(kind, 1, Integer::sum);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc/self/fd", e);
        }
        return counts;
    }

    private static String kind(String target) {
        if (target.startsWith("socket:")) {
            return "socket";
        }
        if (target.startsWith("pipe:")) {
            return "pipe";
        }
        if (target.startsWith("anon_inode:")) {
            return target; // [eventpoll], [eventfd], [timerfd]
        }
        return null;
    }
}
