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
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The clients of {@link ActiveUploadsTest}, in a JVM of their own: opens {@code count} connections
 * (odd ones over TLS), prints {@code OPEN <ok> <failed>}, waits for {@code GO}, then every connection
 * uploads {@code bytes} bytes with a PUT, one piece every 250 ms over {@code seconds}, and checks that
 * the answer is 200 with the SHA-256 of what it sent. Prints {@code RESULT <ok> <failed>} (and the
 * first failures), then {@code SENT <index> <windows>} for every upload: the 2-second windows (of
 * {@code System.nanoTime()} since {@code startNanos}, the test's clock: the same monotonic clock in
 * both JVMs on Linux) in which it wrote body bytes, as a comma-separated list; then
 * {@code CLIENTSTALL <window> <loop lateness ms> <GC ms>} for the windows in which this JVM's loops
 * ran late or it collected garbage ({@link UploadWindowProbe}); then {@code DONE}.
 * Every wait is bounded.
 *
 * <pre>ActiveUploadClientMain host plainPort tlsPort count seconds bytes certPem startNanos</pre>
 */
public final class ActiveUploadClientMain {

    static final long PIECE_MILLIS = 250;

    private ActiveUploadClientMain() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        InetSocketAddress plain = new InetSocketAddress(host, Integer.parseInt(args[1]));
        InetSocketAddress secure = new InetSocketAddress(host, Integer.parseInt(args[2]));
        int count = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        long bytes = Long.parseLong(args[5]);
        TlsContext tls = TlsContext.create(TlsConfig.client().trustCertificates(Path.of(args[6]))
                .serverName("localhost").handshakeTimeout(Duration.ofMinutes(5)).build());
        long startNanos = Long.parseLong(args[7]);
        LoopGroup group = Loopwork.group().transport("nio").loops(2).name("active-client").build();
        // The client's own stalls, reported to the test: a client that stops cannot be served.
        UploadWindowProbe stalls = new UploadWindowProbe(group, startNanos, ActiveUploadsTest.WINDOW_NANOS);
        List<Upload> uploads = new ArrayList<>(count);
        Semaphore inFlight = new Semaphore(64);
        int pieces = (int) Math.max(1, seconds * 1000L / PIECE_MILLIS);
        for (int i = 0; i < count; i++) {
            if (!inFlight.tryAcquire(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("connects stalled at " + i);
            }
            Upload u = new Upload(i, bytes, pieces, startNanos);
            uploads.add(u);
            boolean overTls = i % 2 == 1;
            ConnectionInitializer init = setup -> u;
            group.connect(overTls ? secure : plain, overTls ? tls.wrap(init) : init).toCompletableFuture()
                    .whenComplete((c, e) -> {
                        inFlight.release();
                        if (e != null) {
                            u.open.complete(false);
                            u.result.complete("connect failed: " + e);
                        }
                    });
        }
        int ok = 0;
        for (Upload u : uploads) {
            if (u.open.get(5, TimeUnit.MINUTES)) {
                ok++;
            }
        }
        String firstFailure = uploads.stream().filter(u -> u.result.isDone()).map(u -> u.result.getNow(""))
                .findFirst().orElse("");
        say("OPEN " + ok + ' ' + (count - ok) + (firstFailure.isEmpty() ? "" : " first failure: " + firstFailure));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        if (!"GO".equals(in.readLine())) {
            group.shutdownGracefully(Duration.ofSeconds(5)).toCompletableFuture().get(60, TimeUnit.SECONDS);
            return;
        }
        for (Upload u : uploads) {
            if (u.connection != null) {
                u.connection.loop().execute(u::start);
            }
        }
        int good = 0;
        List<String> bad = new ArrayList<>();
        for (Upload u : uploads) {
            String r;
            try {
                r = u.result.get(seconds + 300L, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                r = "no answer: " + u;
            }
            if (r.equals("ok")) {
                good++;
            } else if (bad.size() < 10) {
                bad.add("#" + u.index + ": " + r);
            } else {
                bad.add("...");
            }
        }
        say("RESULT " + good + ' ' + (count - good) + ' ' + String.join(" | ", bad.subList(0, Math.min(11, bad.size()))));
        for (Upload u : uploads) {
            StringBuilder w = new StringBuilder("SENT ").append(u.index).append(' ');
            synchronized (u) {
                u.sentWindows.stream().forEach(x -> w.append(x).append(','));
            }
            say(w.toString());
        }
        stalls.close();
        System.out.print(stalls.stallLines("CLIENTSTALL"));
        for (Upload u : uploads) {
            if (u.connection != null) {
                u.connection.close();
            }
        }
        group.shutdownGracefully(Duration.ofSeconds(10)).toCompletableFuture().get(2, TimeUnit.MINUTES);
        say("DONE");
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** One paced upload on one connection. */
    private static final class Upload implements ConnectionHandler {
        final int index;
        final long bytes;
        final int pieces;
        final CompletableFuture<Boolean> open = new CompletableFuture<>();
        final CompletableFuture<String> result = new CompletableFuture<>();
        final MessageDigest digest = digest();
        final StringBuilder answer = new StringBuilder();
        final SplittableRandom random;
        final long startNanos;
        final java.util.BitSet sentWindows = new java.util.BitSet();
        volatile Connection connection;
        long sent;
        int piece;

        Upload(int index, long bytes, int pieces, long startNanos) {
            this.startNanos = startNanos;
            this.index = index;
            this.bytes = bytes;
            this.pieces = pieces;
            this.random = new SplittableRandom(index);
        }

        private static MessageDigest digest() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void onOpen(Connection c) {
            connection = c;
            open.complete(true);
        }

        void start() {
            connection.write(ByteBuffer.wrap(("PUT /upload/" + index + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
                    + bytes + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
            // Spread the first pieces over one period, so that the uploads do not move in lockstep.
            connection.loop().schedule(this::next, random.nextLong(PIECE_MILLIS), TimeUnit.MILLISECONDS);
        }

        private void next() {
            if (!connection.isOpen()) {
                return;
            }
            piece++;
            long until = piece >= pieces ? bytes : bytes * piece / pieces;
            int n = (int) (until - sent);
            if (n > 0) {
                byte[] b = new byte[n];
                random.nextBytes(b);
                digest.update(b);
                sent += n;
                connection.write(ByteBuffer.wrap(b));
                synchronized (this) {
                    sentWindows.set((int) ((System.nanoTime() - startNanos) / 2_000_000_000L));
                }
            }
            if (sent < bytes) {
                connection.loop().schedule(this::next, PIECE_MILLIS, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void onData(Connection c, ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            answer.append(new String(b, StandardCharsets.ISO_8859_1));
            String a = answer.toString();
            int end = a.indexOf("\r\n\r\n");
            if (end >= 0 && a.indexOf('\n', end + 4) >= 0) {
                if (!a.startsWith("HTTP/1.1 200")) {
                    result.complete("answer " + a.lines().findFirst().orElse(""));
                } else if (sent < bytes) {
                    result.complete("answered before the body was sent: " + a);
                } else {
                    String sha = HexFormat.of().formatHex(digest.digest());
                    result.complete(a.contains("\"sha256\":\"" + sha + '"') ? "ok" : "SHA-256 differs: " + a);
                }
            }
        }

        @Override
        public void onClosed(Connection c, Throwable cause) {
            open.complete(false);
            result.complete("closed after " + sent + " bytes: " + cause);
        }

        @Override
        public String toString() {
            return "Upload#" + index + "{sent=" + sent + "/" + bytes + ", piece=" + piece + '}';
        }
    }
}
