package dev.loopwork.reliability;

import dev.loopwork.LoopGroup;
import dev.loopwork.Server;
import dev.loopwork.http.BodyConsumer;
import dev.loopwork.http.BodyControl;
import dev.loopwork.http.FileUploadHandler;
import dev.loopwork.http.HttpServer;
import dev.loopwork.http.HttpTimeouts;
import dev.loopwork.http.RequestHandler;
import dev.loopwork.tls.TlsContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thousands of active uploads on one server: {@link Scale#activeUploads()} connections (half TLS)
 * from a client JVM ({@link ActiveUploadClientMain}) are opened first, then all upload at once, each
 * paced to one piece every 250 ms over {@link Scale#activeSeconds()}, into {@link FileUploadHandler}.
 *
 * <h2>What must hold</h2>
 * <ul>
 *   <li>every upload is answered 200 with the SHA-256 of what its client sent;</li>
 *   <li>fairness: whenever a client wrote body bytes in a 2-second window, the server took bytes of
 *       that upload in the same window or the next one: no connection starves. Windows in which the
 *       client itself wrote nothing (a client JVM falling behind its pace on a busy machine) prove
 *       nothing about the server and are not counted; the client reports its windows. Neither are
 *       the windows that touch the test's own halfway heap measurement (full GCs stop the server),
 *       nor those in which (or right after which) the client JVM's own loops ran a second or more
 *       late (its writes may have sat in its core); both are counted and printed;</li>
 *   <li>heap: measured after a full GC halfway through, growth over the baseline stays within the
 *       bound {@link #heapBound} states from the server's read buffer size ({@value #READ_BUFFER}
 *       bytes, set for this server) and the connection count. Per upload: {@value #CONNECTION_STATE}
 *       bytes of connection and request state (the idle-connections scenario measures 2.7 KiB plain
 *       to 11.2 KiB TLS), plus at most two {@code FileUploadHandler} buffers, each sized to the chunk
 *       that started it rounded up to 4 KiB (4 KiB to 64 KiB), plus, once for the server, the 2 MiB
 *       of buffers the handler keeps between writes. A chunk is at most one read buffer on a plain
 *       connection and one read buffer plus one TLS record's plaintext (16 KiB) on a TLS connection; the test
 *       checks that premise on every chunk. The read buffers themselves are pooled direct memory,
 *       not heap; their growth is printed;</li>
 *   <li>afterwards descriptors, loop threads and pooled buffers are back at the baseline.</li>
 * </ul>
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class ActiveUploadsTest {

    static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(2);
    /**
     * A client loop this late has not put its queued writes on the wire: the window proves nothing
     * about the server (runs at a load of 27 saw client stalls of 1.1-2.7 s, and every starved window
     * left after the server fixes fell in or just before one).
     */
    static final long CLIENT_STALL_MILLIS = 1000;
    /** The server's read buffer size, set for this scenario so that the heap bound is useful. */
    static final int READ_BUFFER = 8 * 1024;
    /** One TLS record's largest plaintext: what a TLS connection may deliver beyond one read buffer. */
    static final int TLS_PLAINTEXT = 16 * 1024;
    /** Connection and request state per upload (idle-connections figures, TLS, rounded up). */
    static final int CONNECTION_STATE = 12 * 1024;
    static final long HEAP_SLACK = 32L * 1024 * 1024;
    /** What FileUploadHandler keeps between writes for all its uploads ({@code KEPT_BUFFER_BYTES}). */
    static final long KEPT_BUFFERS = 2L * 1024 * 1024;

    /** Largest chunk handed to the handler on a plain ({@code tls == false}) or TLS connection. */
    static int largestChunk(boolean tls) {
        return tls ? READ_BUFFER + TLS_PLAINTEXT : READ_BUFFER;
    }

    /** FileUploadHandler's buffer for a chunk of {@code chunk} bytes: rounded up to 4 KiB, 4 KiB to 64 KiB. */
    static long fileBuffer(int chunk) {
        long fourKiB = 4 * 1024;
        return Math.min(64 * 1024, Math.max(fourKiB, (chunk + fourKiB - 1) / fourKiB * fourKiB));
    }

    /**
     * The server heap bound for {@code n} uploads, half of them TLS: each upload's state and two
     * file buffers for its largest chunk, the handler's kept buffers, plus {@link #HEAP_SLACK} for
     * the JVM's own noise.
     */
    static long heapBound(int n) {
        long plain = CONNECTION_STATE + 2 * fileBuffer(largestChunk(false));
        long tls = CONNECTION_STATE + 2 * fileBuffer(largestChunk(true));
        return (n - n / 2) * plain + (n / 2) * tls + KEPT_BUFFERS + HEAP_SLACK;
    }

    static Stream<String> transports() {
        return Transports.selected();
    }

    /** Body bytes taken by one upload, per 2-second window since the start. */
    private static final class Progress {
        final BitSet windows = new BitSet();
        /** The window in which the server saw the request head (onRequest). */
        volatile int requestWindow = -1;
        int first = -1;
        int last = -1;
        volatile boolean complete;

        synchronized void took(long startNanos) {
            int w = (int) ((System.nanoTime() - startNanos) / WINDOW_NANOS);
            windows.set(w);
            if (first < 0) {
                first = w;
            }
            last = w;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void thousandsOfPacedUploadsAllCompleteFairly(String transport) throws Exception {
        Transports.assumeAvailable(transport);
        int n = Scale.activeUploads();
        int seconds = Scale.activeSeconds();
        long bytes = 1024L * (seconds * 1000L / ActiveUploadClientMain.PIECE_MILLIS); // about 1 KiB a piece
        String limit = FdLimit.ensure(n * 2L + 1000);
        Assumptions.assumeTrue(FdLimit.current()[0] >= n * 2L + 500, () -> "descriptor limit too low for " + n
                + " uploads (each a socket and a file): " + limit);
        Path dir = Files.createTempDirectory("rel-active-");
        Baseline baseline = Baseline.take();
        long heapBefore = Baseline.heapAfterGc();
        long directBefore = Baseline.directBytes();
        java.util.concurrent.atomic.AtomicIntegerArray biggestChunk = new java.util.concurrent.atomic.AtomicIntegerArray(2);
        long start = System.nanoTime();
        java.util.concurrent.ConcurrentHashMap<Integer, Progress> all = new java.util.concurrent.ConcurrentHashMap<>();
        FileUploadHandler files = new FileUploadHandler(dir);
        UploadWindowProbe[] probeRef = new UploadWindowProbe[1];
        RequestHandler tracked = (request, response) -> {
            UploadWindowProbe probe = probeRef[0];
            long began = System.nanoTime();
            BodyConsumer inner = files.onRequest(request, response);
            probe.onRequest(began);
            Progress p = new Progress();
            p.requestWindow = (int) ((System.nanoTime() - start) / WINDOW_NANOS);
            String path = request.path();
            int id = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
            all.put(id, p);
            return new BodyConsumer() {
                BodyControl watched;

                @Override
                public void onChunk(ByteBuffer chunk, BodyControl control) throws Exception {
                    p.took(start);
                    biggestChunk.accumulateAndGet(id % 2, chunk.remaining(), Math::max); // odd ids are TLS
                    if (watched == null) {
                        watched = new PauseWatch(control, id, probe);
                    }
                    long t = System.nanoTime();
                    inner.onChunk(chunk, watched);
                    probe.onChunk(t);
                }

                @Override
                public void onComplete() throws Exception {
                    p.complete = true;
                    inner.onComplete();
                }

                @Override
                public void onError(Throwable cause) {
                    inner.onError(cause);
                }
            };
        };
        LoopGroup group = Groups.build("active", transport, 2,
                dev.loopwork.ConnectionOptions.builder().readBufferSize(READ_BUFFER).build());
        Process client = null;
        UploadWindowProbe probe = new UploadWindowProbe(group, start, WINDOW_NANOS);
        probeRef[0] = probe;
        try {
            InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            dev.loopwork.SocketOptions so = dev.loopwork.SocketOptions.builder().backlog(4096).build();
            // Connections wait, idle, until all are open: thousands of TLS handshakes on a shared machine.
            // The minimum body rate is relaxed too: on a machine too busy for the clients to keep their
            // pace the server would answer 408, and this scenario measures progress itself (the windows).
            HttpTimeouts timeouts = HttpTimeouts.builder().idle(Duration.ofMinutes(15)).head(Duration.ofMinutes(15))
                    .minBodyRate(1, Duration.ofMinutes(10)).build();
            Server plain = HttpServer.builder().timeouts(timeouts).handler(tracked).build().listen(group, any, so);
            TlsContext tls = TlsContext.create(Certs.get().serverConfig().handshakeTimeout(Duration.ofMinutes(5)).build());
            Server secure = HttpServer.builder().timeouts(timeouts).handler(tracked).setup(s -> s.addStage(tls.newStage(s)))
                    .build().listen(group, any, so);

            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            File err = File.createTempFile("rel-active-client-", ".log");
            err.deleteOnExit();
            client = new ProcessBuilder(java, "-Xmx1g", "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-cp", System.getProperty("java.class.path"), ActiveUploadClientMain.class.getName(), "127.0.0.1",
                    Integer.toString(plain.localAddress().getPort()), Integer.toString(secure.localAddress().getPort()),
                    Integer.toString(n), Integer.toString(seconds), Long.toString(bytes),
                    Certs.get().certificateFile().toString(), Long.toString(start)).redirectError(err).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
            String open = line(out, "OPEN", client, err);
            assertEquals("OPEN " + n + " 0", open, "connections opened by the client JVM");
            long goNanos = System.nanoTime();
            OutputStream in = client.getOutputStream();
            in.write("GO\n".getBytes(StandardCharsets.US_ASCII));
            in.flush();
            // Halfway: every upload is active; the heap after a full GC is what they hold.
            CompletableFuture<Long> heapMid = new CompletableFuture<>();
            CompletableFuture<Long> directMid = new CompletableFuture<>();
            long[] measuring = new long[2]; // when the halfway measurement stopped the server: its full GCs
            group.loops().get(0).schedule(() -> CompletableFuture.runAsync(() -> {
                directMid.complete(Baseline.directBytes());
                long began = System.nanoTime();
                long heap = Baseline.heapAfterGc();
                synchronized (measuring) {
                    measuring[0] = began;
                    measuring[1] = System.nanoTime();
                }
                heapMid.complete(heap);
            }), seconds * 500L, TimeUnit.MILLISECONDS);
            String result = line(out, "RESULT", client, err);
            long uploadMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - goNanos);
            assertEquals("RESULT " + n + " 0", result.trim(), "uploads answered 200 with the SHA-256 sent");
            java.util.Map<Integer, BitSet> sentWindows = new java.util.HashMap<>();
            java.util.Map<Integer, long[]> clientStalls = new java.util.HashMap<>();
            for (String l = out.readLine(); l != null && !l.startsWith("DONE"); l = out.readLine()) {
                if (l.startsWith("CLIENTSTALL ")) {
                    String[] f = l.split(" ");
                    clientStalls.put(Integer.parseInt(f[1]), new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])});
                }
                if (l.startsWith("SENT ")) {
                    String[] f = l.split(" ");
                    BitSet b = new BitSet();
                    if (f.length > 2) {
                        for (String w : f[2].split(",")) {
                            if (!w.isEmpty()) {
                                b.set(Integer.parseInt(w));
                            }
                        }
                    }
                    sentWindows.put(Integer.parseInt(f[1]), b);
                }
            }
            long heapGrowth = heapMid.get(5, TimeUnit.MINUTES) - heapBefore;
            // The test's own halfway measurement (three full GCs) stops every server thread, for seconds
            // on a loaded machine: the windows it touches say nothing about the server's fairness.
            long pauseFrom;
            long pauseTo;
            synchronized (measuring) {
                pauseFrom = measuring[0] - start;
                pauseTo = measuring[1] - start;
            }
            long directGrowth = directMid.get(1, TimeUnit.MINUTES) - directBefore;

            // Fairness: a window in which the client wrote must see server progress then or in the next one.
            int starved = 0;
            int checkedWindows = 0;
            int measurementWindows = 0;
            int clientStalledWindows = 0;
            int starvedPaused = 0;
            int starvedLoopLate = 0;
            int starvedBeforeHead = 0;
            java.util.Map<Integer, Integer> starvedPerWindow = new java.util.TreeMap<>();
            int firstWindow = Integer.MAX_VALUE;
            int lastWindow = 0;
            String example = null;
            for (java.util.Map.Entry<Integer, Progress> e : all.entrySet()) {
                Progress p = e.getValue();
                BitSet sent = sentWindows.getOrDefault(e.getKey(), new BitSet());
                for (int w = sent.nextSetBit(0); w >= 0; w = sent.nextSetBit(w + 1)) {
                    if (w * WINDOW_NANOS < pauseTo && (w + 2) * WINDOW_NANOS > pauseFrom) {
                        measurementWindows++;
                        continue;
                    }
                    if (clientStalled(clientStalls, w) || clientStalled(clientStalls, w + 1)) {
                        clientStalledWindows++; // its write may still have sat in the client's core, off the wire
                        continue;
                    }
                    checkedWindows++;
                    firstWindow = Math.min(firstWindow, w);
                    lastWindow = Math.max(lastWindow, w + 1);
                    if (!p.windows.get(w) && !p.windows.get(w + 1)) {
                        starved++;
                        starvedPerWindow.merge(w, 1, Integer::sum);
                        if (p.requestWindow > w + 1) {
                            starvedBeforeHead++; // the server had not even seen the request head by then
                        }
                        if (probe.wasPaused(e.getKey(), w)) {
                            starvedPaused++;
                        } else if (probe.lateMillis(w) >= 1000) {
                            starvedLoopLate++;
                        }
                        if (example == null) {
                            example = "upload " + e.getKey() + " was written in window " + w + " but the server took "
                                    + "nothing of it in windows " + w + " and " + (w + 1) + " (request head seen in window "
                                    + p.requestWindow + ", server windows " + p.windows
                                    + ", client windows " + sent + ')';
                        }
                    }
                }
            }
            System.out.printf("%s: client-written windows left out of the check: %d touch the test's own halfway heap "
                    + "measurement (full GCs, %.1f s from window %d); %d had the client JVM's loops %d ms or more late in "
                    + "that window or the next (client stalls in windows %s)%n", transport, measurementWindows,
                    (pauseTo - pauseFrom) / 1e9, pauseFrom / WINDOW_NANOS, clientStalledWindows, CLIENT_STALL_MILLIS,
                    clientStalls.entrySet().stream().filter(c -> c.getValue()[0] >= CLIENT_STALL_MILLIS)
                            .map(c -> c.getKey() + ": " + c.getValue()[0] + " ms").sorted().toList());
            if (starved > 0) {
                System.out.printf("%s: of %d starved windows, %d came before the server saw the request head, %d had the "
                        + "body paused by the handler (disk backpressure), %d others had a server loop at least 1 s late%n%s",
                        transport, starved, starvedBeforeHead, starvedPaused, starvedLoopLate,
                        probe.table(firstWindow, lastWindow, starvedPerWindow, clientStalls));
            }
            long complete = all.values().stream().filter(p -> p.complete).count();
            System.out.printf("%s: %d uploads (%d TLS) of %d KiB, paced over %d s: all answered 200 with equal SHA-256 "
                            + "in %.1f s after GO; %d client-written windows of 2 s checked, %d without server progress then or next; heap growth halfway %s "
                            + "(bound %s from %d-byte read buffers); direct memory growth halfway %s; largest chunk %d B plain, %d B TLS%n",
                    transport, n, n / 2, bytes >> 10, seconds, uploadMillis / 1000.0,
                    checkedWindows, starved, Baseline.mib(heapGrowth), Baseline.mib(heapBound(n)), READ_BUFFER,
                    Baseline.mib(directGrowth), biggestChunk.get(0), biggestChunk.get(1));
            assertEquals(n, complete, "uploads whose body the server took completely");
            assertEquals(0, starved, "windows with bytes written but none taken by the server then or next; " + example);
            assertTrue(biggestChunk.get(0) <= largestChunk(false) && biggestChunk.get(1) <= largestChunk(true),
                    "the heap bound's premise: no chunk larger than " + largestChunk(false) + " B (plain) or "
                            + largestChunk(true) + " B (TLS); seen " + biggestChunk);
            assertTrue(heapGrowth <= heapBound(n), "server heap growth with " + n
                    + " active uploads: " + Baseline.mib(heapGrowth) + ", bound " + Baseline.mib(heapBound(n)));
        } finally {
            probe.close();
            if (client != null) {
                client.getOutputStream().close();
                if (!client.waitFor(2, TimeUnit.MINUTES)) {
                    client.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
            group.shutdownGracefully(Duration.ofSeconds(5)).toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertEquals(0, group.buffers().outstanding(), () -> group.buffers().leakReport());
            Baseline.awaitThreadsGone(group);
            baseline.awaitFds("after the active uploads");
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    /** The body control as the handler sees it, telling the probe when the handler pauses the body. */
    private static final class PauseWatch implements BodyControl {
        private final BodyControl control;
        private final int id;
        private final UploadWindowProbe probe;
        private long pausedAt;

        PauseWatch(BodyControl control, int id, UploadWindowProbe probe) {
            this.control = control;
            this.id = id;
            this.probe = probe;
        }

        @Override
        public synchronized void pause() {
            pausedAt = System.nanoTime();
            probe.paused(id);
            control.pause();
        }

        @Override
        public synchronized void resume() {
            probe.resumed(id, pausedAt);
            control.resume();
        }

        @Override
        public boolean isPaused() {
            return control.isPaused();
        }

        @Override
        public long bytesReceived() {
            return control.bytesReceived();
        }

        @Override
        public long contentLength() {
            return control.contentLength();
        }
    }

    /** Whether the client JVM's loops ran {@value #CLIENT_STALL_MILLIS} ms or more late in window {@code w}. */
    private static boolean clientStalled(java.util.Map<Integer, long[]> clientStalls, int w) {
        long[] c = clientStalls.get(w);
        return c != null && c[0] >= CLIENT_STALL_MILLIS;
    }

    private static String line(BufferedReader out, String word, Process child, File err) throws Exception {
        CompletableFuture<String> f = CompletableFuture.supplyAsync(() -> {
            try {
                for (String l = out.readLine(); l != null; l = out.readLine()) {
                    if (l.startsWith(word)) {
                        return l;
                    }
                }
            } catch (java.io.IOException e) {
                // ended
            }
            return null;
        });
        String l = f.get(15, TimeUnit.MINUTES);
        if (l == null) {
            throw new AssertionError("the client JVM ended before '" + word + "' (alive " + child.isAlive() + "): "
                    + Files.readString(err.toPath()));
        }
        return l;
    }
}
