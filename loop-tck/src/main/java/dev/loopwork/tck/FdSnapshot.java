package dev.loopwork.tck;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The file descriptors of this process that networking code creates: sockets, pipes, epoll
 * instances and eventfds, read from {@code /proc/self/fd}.
 *
 * <h2>Comparing</h2>
 * {@link #newSince(FdSnapshot)} lists the descriptors present now that were not there (with the
 * same target) in an earlier snapshot. Targets carry the kernel's inode ({@code socket:[4711]}), so a
 * descriptor number that was closed and reused for something else counts as new.
 *
 * <h2>Platforms</h2>
 * Only Linux has {@code /proc/self/fd}. Elsewhere {@link #isSupported()} is {@code false} and every
 * snapshot is empty, so the comparison finds nothing: the kit then relies on its thread and buffer
 * checks alone, and says so in the log.
 */
public final class FdSnapshot {

    /** The kinds of descriptor the kit watches. */
    public enum Kind {
        SOCKET, PIPE, EPOLL, EVENTFD;

        /** The kind of a {@code /proc/self/fd} link target, or {@code null} for other kinds (files, ...). */
        static Kind of(String target) {
            if (target.startsWith("socket:")) {
                return SOCKET;
            }
            if (target.startsWith("pipe:")) {
                return PIPE;
            }
            if (target.startsWith("anon_inode:") && target.contains("eventpoll")) {
                return EPOLL;
            }
            if (target.startsWith("anon_inode:") && target.contains("eventfd")) {
                return EVENTFD;
            }
            return null;
        }
    }

    private static final Path FD_DIR = Paths.get("/proc/self/fd");

    private final boolean supported;
    private final Map<Integer, String> entries; // fd -> link target, watched kinds only

    private FdSnapshot(boolean supported, Map<Integer, String> entries) {
        this.supported = supported;
        this.entries = entries;
    }

    /** Whether this platform has {@code /proc/self/fd}. */
    public static boolean platformSupported() {
        return Files.isDirectory(FD_DIR);
    }

    /** Reads {@code /proc/self/fd} now. */
    public static FdSnapshot take() {
        if (!platformSupported()) {
            return new FdSnapshot(false, Map.of());
        }
        Map<Integer, String> found = new TreeMap<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(FD_DIR)) {
            for (Path fd : dir) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (NoSuchFileException closedMeanwhile) {
                    continue; // closed between listing and reading (the directory stream's own fd, ...)
                }
                if (Kind.of(target) != null) {
                    found.put(Integer.parseInt(fd.getFileName().toString()), target);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + FD_DIR + ": " + e, e);
        }
        return new FdSnapshot(true, Collections.unmodifiableMap(found));
    }

    public boolean isSupported() {
        return supported;
    }

    /** Descriptor number to link target, for the watched kinds. */
    public Map<Integer, String> entries() {
        return entries;
    }

    public Map<Kind, Integer> counts() {
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            counts.put(k, 0);
        }
        for (String target : entries.values()) {
            counts.merge(Kind.of(target), 1, Integer::sum);
        }
        return counts;
    }

    /**
     * Descriptors open now that {@code baseline} did not have, each as {@code "fd 42 -> socket:[4711]"},
     * sockets completed with their TCP endpoints and state where the kernel tells them.
     */
    public List<String> newSince(FdSnapshot baseline) {
        List<String> fresh = new ArrayList<>();
        Map<String, String> tcp = null;
        for (Map.Entry<Integer, String> e : entries.entrySet()) {
            if (e.getValue().equals(baseline.entries.get(e.getKey()))) {
                continue;
            }
            String line = "fd " + e.getKey() + " -> " + e.getValue();
            if (Kind.of(e.getValue()) == Kind.SOCKET) {
                if (tcp == null) {
                    tcp = ProcNetTcp.socketsByInode();
                }
                String inode = e.getValue().substring(e.getValue().indexOf('[') + 1, e.getValue().length() - 1);
                String endpoints = tcp.get(inode);
                line += " (" + (endpoints != null ? endpoints
                        : "TCP connection finished, descriptor never closed") + ')';
            }
            fresh.add(line);
        }
        return fresh;
    }

    @Override
    public String toString() {
        return supported ? "FdSnapshot" + counts() : "FdSnapshot[unsupported: no /proc/self/fd]";
    }
}
