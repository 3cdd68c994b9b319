package dev.loopwork.reliability;

import dev.loopwork.Connection;
import dev.loopwork.ConnectionHandler;
import dev.loopwork.ConnectionInitializer;
import dev.loopwork.LoopGroup;
import dev.loopwork.bootstrap.Loopwork;
import dev.loopwork.tls.TlsConfig;
import dev.loopwork.tls.TlsContext;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client side of {@link IdleConnectionsTest}, run in a JVM of its own so that the server's
 * heap and descriptors are the server's alone: opens {@code count} connections (plain, or TLS
 * trusting {@code certPem}), prints {@code OPEN <ok> <failed>}, waits for {@code GO} on stdin,
 * sends one request on every connection, prints {@code SERVED <ok> <failed>}, closes everything and
 * prints {@code DONE}. Every wait is bounded; it exits by itself.
 *
 * <pre>IdleClientMain host port count plain|tls certPem</pre>
 */
public final class IdleClientMain {

    private IdleClientMain() {
    }

    public static void main(String[] args) throws Exception {
        InetSocketAddress target = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int count = Integer.parseInt(args[2]);
        boolean tls = args[3].equals("tls");
        TlsContext ctx = tls ? TlsContext.create(TlsConfig.client().trustCertificates(Path.of(args[4]))
                .serverName("localhost").handshakeTimeout(java.time.Duration.ofMinutes(2)).build()) : null;
        LoopGroup group = Loopwork.group().transport("nio").loops(2).name("idle-client").build();
        // 250 handshakes at once on a loaded 2-core machine can take longer than the default 10 s;
        // the server side already allows 2 minutes (IdleConnectionsTest).
        List<Probe> probes = new ArrayList<>(count);
        Semaphore inFlight = new Semaphore(256);
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<?>> opened = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (!inFlight.tryAcquire(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("connects stalled");
            }
            Probe p = new Probe();
            probes.add(p);
            ConnectionInitializer init = setup -> p;
            CompletableFuture<Connection> f = group.connect(target, ctx != null ? ctx.wrap(init) : init)
                    .toCompletableFuture();
            opened.add(f.whenComplete((c, e) -> {
                inFlight.release();
                if (e != null) {
                    failed.incrementAndGet();
                    p.open.complete(null);
                }
            }));
        }
        try {
            CompletableFuture.allOf(opened.toArray(new CompletableFuture[0])).get(5, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
            // counted in failed
        }
        // A TLS connection is open for the handler once its handshake is done.
        for (Probe p : probes) {
            p.open.get(2, TimeUnit.MINUTES);
        }
        int ok = 0;
        for (Probe p : probes) {
            if (p.connection != null) {
                ok++;
            }
        }
        System.out.println("OPEN " + ok + ' ' + failed.get());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        String line = in.readLine();
        if (!"GO".equals(line)) {
            System.out.println("ABORTED " + line);
            group.shutdownGracefully(Duration.ofSeconds(5)).toCompletableFuture().get(60, TimeUnit.SECONDS);
            return;
        }
        for (Probe p : probes) {
            if (p.connection != null) {
                p.connection.write(ByteBuffer.wrap("GET /ping HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII)));
            } else {
                p.served.complete(false);
            }
        }
        int served = 0;
        int notServed = 0;
        for (Probe p : probes) {
            Boolean s;
            try {
                s = p.served.get(5, TimeUnit.MINUTES);
            } catch (java.util.concurrent.TimeoutException e) {
                s = false;
            }
            if (s) {
                served++;
            } else {
                notServed++;
            }
        }
        System.out.println("SERVED " + served + ' ' + notServed);
        System.out.flush();
        for (Probe p : probes) {
            if (p.connection != null) {
                p.connection.close();
            }
        }
        group.shutdownGracefully(Duration.ofSeconds(10)).toCompletableFuture().get(2, TimeUnit.MINUTES);
        System.out.println("DONE");
        System.out.flush();
    }

    /** One idle connection: opened, later one request, its answer checked. */
    private static final class Probe implements ConnectionHandler {
        final CompletableFuture<Void> open = new CompletableFuture<>();
        final CompletableFuture<Boolean> served = new CompletableFuture<>();
        final StringBuilder answer = new StringBuilder();
        volatile Connection connection;

        @Override
        public void onOpen(Connection c) {
            connection = c;
            open.complete(null);
        }

        @Override
        public void onData(Connection c, ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            answer.append(new String(b, StandardCharsets.ISO_8859_1));
            if (answer.length() > 4096) {
                served.complete(false);
            } else if (answer.toString().startsWith("HTTP/1.1 200") && answer.toString().endsWith("\r\n\r\npong\n")) {
                served.complete(true);
            }
        }

        @Override
        public void onClosed(Connection c, Throwable cause) {
            open.complete(null);
            served.complete(false);
        }
    }
}
