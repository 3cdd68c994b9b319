package dev.loopwork.tls.loopback;

import dev.loopwork.LoopGroup;
import dev.loopwork.bootstrap.Loopwork;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loop group on the NIO transport for one test, and the check that it left nothing behind:
 * socket, pipe and eventpoll entries of {@code /proc/self/fd} back to the baseline taken before the
 * group existed, loop threads gone, every pooled buffer released, no connection counted.
 */
final class LoopbackFixture implements AutoCloseable {

    private static final AtomicInteger GROUPS = new AtomicInteger();

    final LoopGroup group;
    private final String name;
    private final Map<Integer, String> baseline;

    LoopbackFixture() {
        this.baseline = networkFds();
        this.name = "tls-loopback-" + GROUPS.incrementAndGet();
        this.group = Loopwork.group().transport("nio").loops(2).name(name).build();
    }

    /** Shuts the group down and waits until nothing it made is left; fails listing what is. */
    @Override
    public void close() throws ExecutionException, TimeoutException {
        try {
            group.shutdownGracefully(Duration.ofSeconds(10)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while " + name + " shut down", e);
        }
        Awaitility.await("nothing left of " + name).atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
                    List<String> problems = problems();
                    if (!problems.isEmpty()) {
                        throw new AssertionError(String.join("\n", problems));
                    }
                });
    }

    private List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (group.connectionCount() != 0) {
            problems.add(group.connectionCount() + " connection(s) still counted");
        }
        if (group.buffers().outstanding() != 0) {
            problems.add(group.buffers().outstanding() + " pooled buffer(s) not released:\n"
                    + group.buffers().leakReport());
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith(name + '-')) {
                problems.add("loop thread still alive: " + t.getName());
            }
        }
        Map<Integer, String> now = networkFds();
        for (Map.Entry<Integer, String> e : now.entrySet()) {
            if (!e.getValue().equals(baseline.get(e.getKey()))) {
                problems.add("descriptor still open: fd " + e.getKey() + " -> " + e.getValue());
            }
        }
        return problems;
    }

    /** Sockets, pipes and epoll instances of this process (empty where there is no /proc). */
    static Map<Integer, String> networkFds() {
        Map<Integer, String> found = new TreeMap<>();
        Path dir = Path.of("/proc/self/fd");
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(dir)) {
            for (Path fd : fds) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (NoSuchFileException | java.nio.file.NotLinkException gone) {
                    continue;
                }
                if (target.startsWith("socket:") || target.startsWith("pipe:") || target.contains("eventpoll")) {
                    found.put(Integer.parseInt(fd.getFileName().toString()), target);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc/self/fd: " + e, e);
        }
        return found;
    }
}
