package dev.loopwork.http;

import dev.loopwork.LoopGroup;
import dev.loopwork.Server;
import dev.loopwork.bootstrap.Loopwork;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A real HTTP server on the nio loop over loopback, and the leak check that ends every network
 * test: after {@code shutdownGracefully} completed, no pooled buffer is out, no loop thread of the
 * group is alive, and the process has no more socket descriptors than before the test.
 */
final class ServerFixture implements AutoCloseable {

    private static final AtomicInteger IDS = new AtomicInteger();

    static {
        // The JDK opens one socketpair for the whole process the first time it closes a socket
        // (its "pre-close" descriptor). Make it exist before any baseline is taken.
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             java.net.Socket c = new java.net.Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort());
             java.net.Socket a = ss.accept()) {
            a.getOutputStream().write(1);
            c.getInputStream().read();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("loopback does not work here", e);
        }
    }

    final String name = "http-test-" + IDS.incrementAndGet();
    final LoopGroup group;
    final Server server;
    private final long socketBaseline;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    private ServerFixture(HttpServer.Builder http, String transport, int loops) {
        socketBaseline = sockets();
        group = Loopwork.group().transport(transport).loops(loops).name(name).build();
        server = http.build().listen(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    static ServerFixture start(HttpServer.Builder http) {
        return new ServerFixture(http, "nio", 2);
    }

    /** On the loop of {@code transport} ("nio", "example-thread", ...). */
    static ServerFixture start(HttpServer.Builder http, String transport) {
        return new ServerFixture(http, transport, 2);
    }

    static ServerFixture start(RequestHandler handler) {
        return start(HttpServer.builder().handler(handler));
    }

    InetSocketAddress address() {
        return server.localAddress();
    }

    int port() {
        return address().getPort();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /** A raw client, closed before the group shuts down. */
    RawClient client() throws IOException {
        return track(new RawClient(address()));
    }

    <T extends AutoCloseable> T track(T resource) {
        resources.push(resource);
        return resource;
    }

    @Override
    public void close() throws Exception {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception ignored) {
                // closing quietly: the leak check below says what matters
            }
        }
        group.shutdownGracefully(Duration.ofSeconds(5)).toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertEquals(0, group.buffers().outstanding(), () -> "pooled buffers still out: " + group.buffers().leakReport());
        Awaitility.await("loop threads of " + name + " ended").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(20)).until(() -> Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.getName().startsWith(name + '-') && t.isAlive()));
        if (socketBaseline >= 0) {
            try {
                Awaitility.await("socket descriptors back to " + socketBaseline).atMost(Duration.ofSeconds(20))
                        .pollInterval(Duration.ofMillis(20)).until(() -> sockets() <= socketBaseline);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("socket descriptors: " + sockets() + " now, " + socketBaseline
                        + " before the test; open sockets: " + describeSockets(), e);
            }
        }
    }

    /** The open sockets with their TCP state from /proc/net/tcp*, for a leak message. */
    static String describeSockets() {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : s.toList()) {
                String link;
                try {
                    link = Files.readSymbolicLink(p).toString();
                } catch (IOException e) {
                    continue;
                }
                if (link.startsWith("socket:[")) {
                    String inode = link.substring(8, link.length() - 1);
                    sb.append("\n  fd ").append(p.getFileName()).append(' ').append(link);
                    for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6", "/proc/net/udp", "/proc/net/udp6", "/proc/net/unix", "/proc/net/netlink"}) {
                        for (String line : Files.readAllLines(Path.of(table))) {
                            String[] f = line.trim().split("\\s+");
                            if (java.util.Arrays.asList(f).contains(inode)) {
                                sb.append(' ').append(table).append(": ").append(line.trim());
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            sb.append(e);
        }
        return sb.toString();
    }

    /** Socket entries of /proc/self/fd, or -1 where there is no /proc. */
    static long sockets() {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return -1;
        }
        try (Stream<Path> s = Files.list(fds)) {
            return s.filter(p -> {
                try {
                    return Files.readSymbolicLink(p).toString().startsWith("socket:");
                } catch (IOException e) {
                    return false; // closed while listing
                }
            }).count();
        } catch (IOException e) {
            return -1;
        }
    }
}
