package dev.loopwork.reliability;

import dev.loopwork.LoopGroup;
import dev.loopwork.tck.FdSnapshot;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What "back to baseline" means for a scenario: the process's sockets, pipes, epoll and eventfd
 * descriptors ({@link FdSnapshot} of loop-tck), the loop threads of its groups, and the heap.
 */
final class Baseline {

    static {
        // The JDK opens a socket pair once per process the first time it closes a socket: make it
        // exist before any snapshot is taken.
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket c = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort());
             Socket a = ss.accept()) {
            a.getOutputStream().write(1);
            c.getInputStream().read();
        } catch (IOException e) {
            throw new UncheckedIOException("loopback does not work here", e);
        }
    }

    final FdSnapshot fds;

    Baseline(FdSnapshot fds) {
        this.fds = fds;
    }

    static Baseline take() {
        return new Baseline(FdSnapshot.take());
    }

    /** Waits (bounded) until no watched descriptor is open that was not open at the baseline. */
    void awaitFds(String when) {
        try {
            Awaitility.await("descriptors back to baseline " + when).atMost(Duration.ofSeconds(30))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(25))
                    .until(() -> newSinceBaseline().isEmpty());
        } catch (ConditionTimeoutException e) {
            List<String> left = newSinceBaseline();
            throw new AssertionError(left.size() + " descriptor(s) still open " + when + " (baseline " + fds + "):\n  "
                    + left.stream().limit(40).collect(Collectors.joining("\n  ")), e);
        }
    }

    /**
     * Descriptors opened since the baseline, except the JVM's attach listener socket
     * ({@code /tmp/.java_pid<pid>}): a diagnostic tool (jcmd, jstack) run against the test JVM opens
     * it, not the code under test.
     */
    private List<String> newSinceBaseline() {
        return FdSnapshot.take().newSince(fds).stream().filter(d -> !d.contains(".java_pid")).toList();
    }

    /** Waits (bounded) until no loop thread of {@code group} is alive. */
    static void awaitThreadsGone(LoopGroup group) {
        String prefix = Groups.threadPrefix(group);
        try {
            Awaitility.await("loop threads of " + prefix + " ended").atMost(Duration.ofSeconds(30))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(25))
                    .until(() -> liveThreads(prefix).isEmpty());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("threads still alive after shutdown: " + liveThreads(prefix), e);
        }
    }

    static List<String> liveThreads(String prefix) {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith(prefix)) {
                names.add(t.getName() + " (" + t.getState() + ')');
            }
        }
        return names;
    }

    /** Used heap after a full collection, in bytes (a measurement, never asserted tightly). */
    static long heapAfterGc() {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            best = Math.min(best, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return best;
    }

    /** Bytes of direct buffers the JVM holds right now. */
    static long directBytes() {
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) {
                return b.getMemoryUsed();
            }
        }
        return -1;
    }

    static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
