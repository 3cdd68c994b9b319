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
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A real HTTP server over loopback on a transport chosen by name (nio unless told, see
 * {@link Transports}), in clear or with the TLS stage, and the leak check that ends every network
 * test: after {@code shutdownGracefully} completed, no pooled buffer is out, no loop thread of the
 * group is alive, every descriptor the group opened when it started (its pollers, eventfds, timer
 * fds, listening sockets) is closed, and the process has no more socket descriptors than before the
 * test.
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
    final String transport;
    final LoopGroup group;
    final Server server;
    private final TestTls tls;
    private final boolean secure;
    private final long socketBaseline;
    private final Map<String, String> groupDescriptors;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    private ServerFixture(HttpServer.Builder http, String transport, int loops, TestTls tls) {
        Transports.assumeAvailable(transport);
        this.transport = transport;
        this.tls = tls;
        this.secure = tls != null;
        socketBaseline = sockets();
        Map<String, String> before = descriptors();
        group = Loopwork.group().transport(transport).loops(loops).name(name).build();
        try {
            server = (tls != null ? tls.wrap(http) : http).build()
                    .listen(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (RuntimeException | Error e) {
            group.close();
            throw e;
        }
        Map<String, String> opened = new TreeMap<>(descriptors());
        opened.entrySet().removeIf(e -> e.getValue().equals(before.get(e.getKey())));
        groupDescriptors = opened;
    }

    static ServerFixture start(HttpServer.Builder http) {
        return new ServerFixture(http, "nio", 2, null);
    }

    /** On the loop of {@code transport} ("nio", "epoll", "example-thread", ...). */
    static ServerFixture start(HttpServer.Builder http, String transport) {
        return new ServerFixture(http, transport, 2, null);
    }

    /** On the loop of {@code transport}, with the TLS stage of {@code tls} unless it is null. */
    static ServerFixture start(HttpServer.Builder http, String transport, TestTls tls) {
        return new ServerFixture(http, transport, 2, tls);
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

    /** {@code http://} or, with TLS, {@code https://127.0.0.1:<port><path>}. */
    URI uri(String path) {
        return URI.create((secure ? "https" : "http") + "://127.0.0.1:" + port() + path);
    }

    /** A raw client (over TLS if the server has the TLS stage), closed before the group shuts down. */
    RawClient client() throws IOException {
        if (tls == null) {
            return track(new RawClient(address()));
        }
        javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) tls.clientContext().getSocketFactory()
                .createSocket(address().getAddress(), port());
        try {
            s.startHandshake();
            return track(new RawClient(s));
        } catch (IOException e) {
            s.close();
            throw e;
        }
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
        await("loop threads of " + name + " ended").until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith(name + '-') && t.isAlive()));
        try {
            await("descriptors the group opened closed").until(() -> stillOpen(groupDescriptors).isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(transport + ": descriptors the group opened at its start are still open: "
                    + stillOpen(groupDescriptors), e);
        }
        if (socketBaseline >= 0) {
            try {
                await("socket descriptors back to " + socketBaseline).until(() -> sockets() <= socketBaseline);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(transport + ": socket descriptors: " + sockets() + " now, " + socketBaseline
                        + " before the test; open sockets: " + describeSockets(), e);
            }
        }
    }

    /** A bounded wait that checks at once, then every 20 ms. */
    private static org.awaitility.core.ConditionFactory await(String what) {
        return Awaitility.await(what).atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20));
    }

    /** Descriptor number to link target for sockets, pipes and anonymous inodes (epoll, eventfd, timerfd). */
    static Map<String, String> descriptors() {
        Map<String, String> found = new HashMap<>();
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return found;
        }
        try (Stream<Path> s = Files.list(fds)) {
            for (Path p : s.toList()) {
                try {
                    String link = Files.readSymbolicLink(p).toString();
                    if (link.startsWith("socket:") || link.startsWith("pipe:") || link.startsWith("anon_inode:")) {
                        found.put(p.getFileName().toString(), link);
                    }
                } catch (IOException e) {
                    // closed while listing
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return found;
    }

    /** Those of {@code opened} still open with the same target, as "fd -> target". */
    private static List<String> stillOpen(Map<String, String> opened) {
        Map<String, String> now = descriptors();
        List<String> left = new ArrayList<>();
        opened.forEach((fd, target) -> {
            if (target.equals(now.get(fd))) {
                left.add(fd + " -> " + target);
            }
        });
        return left;
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
