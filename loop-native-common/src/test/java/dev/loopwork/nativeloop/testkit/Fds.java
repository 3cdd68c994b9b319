package dev.loopwork.nativeloop.testkit;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts this process's descriptors of the kinds a loop opens (sockets, epoll, eventfd, timerfd, pipes),
 * from {@code /proc/self/fd}, so that tests can check nothing leaked. Where there is no {@code /proc}
 * (macOS, the BSDs) the snapshot is empty and the check proves nothing: {@link #available()} says so.
 */
public final class Fds {

    private Fds() {
    }

    private static final Path PROC_FDS = Paths.get("/proc/self/fd");

    /** Whether descriptors can be counted here. */
    public static boolean available() {
        return Files.isDirectory(PROC_FDS);
    }

    /** Kind (e.g. {@code socket}, {@code anon_inode:[eventpoll]}) to count. */
    public static Map<String, Integer> snapshot() {
        Map<String, Integer> counts = new TreeMap<>();
        if (!available()) {
            return counts;
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(PROC_FDS)) {
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
