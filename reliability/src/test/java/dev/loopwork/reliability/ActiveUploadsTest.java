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
 *       nothing about the server and are not counted; the client reports its windows;</li>
 *   <li>heap: measured after a full GC halfway through, growth over the baseline stays within
 *       {@code uploads x 24 KiB + 32 MiB}: per connection about 3 KiB (plain) to 11 KiB (TLS) of
 *       connection state (the idle-connections figures), the request's state, and at most two
 *       {@code FileUploadHandler} buffers, each sized to the chunk that started it, here the 4 KiB
 *       minimum (pieces are about 1 KiB; the read buffers are pooled, not on the heap);</li>
 *   <li>afterwards descriptors, loop threads and pooled buffers are back at the baseline.</li>
 * </ul>
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class ActiveUploadsTest {

    static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(2);
    static final long HEAP_PER_UPLOAD = 24 * 1024;
    static final long HEAP_SLACK = 32L * 1024 * 1024;

    static Stream<String> transports() {
        return Transports.selected();
    }

    /** Body bytes taken by one upload, per 2-second window since the start. */
    private static final class Progress {
        final BitSet windows = new BitSet();
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
            String path = request.path();
            int id = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
            all.put(id, p);
            return new BodyConsumer() {
                BodyControl watched;

                @Override
                public void onChunk(ByteBuffer chunk, BodyControl control) throws Exception {
                    p.took(start);
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
        LoopGroup group = Groups.build("active", transport, 2);
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
            group.loops().get(0).schedule(() -> CompletableFuture.runAsync(() -> heapMid.complete(Baseline.heapAfterGc())),
                    seconds * 500L, TimeUnit.MILLISECONDS);
            String result = line(out, "RESULT", client, err);
            long uploadMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - goNanos);
            assertEquals("RESULT " + n + " 0", result.trim(), "uploads answered 200 with the SHA-256 sent");
            java.util.Map<Integer, BitSet> sentWindows = new java.util.HashMap<>();
            for (String l = out.readLine(); l != null && !l.startsWith("DONE"); l = out.readLine()) {
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

            // Fairness: a window in which the client wrote must see server progress then or in the next one.
            int starved = 0;
            int checkedWindows = 0;
            int starvedPaused = 0;
            int starvedLoopLate = 0;
            java.util.Map<Integer, Integer> starvedPerWindow = new java.util.TreeMap<>();
            int firstWindow = Integer.MAX_VALUE;
            int lastWindow = 0;
            String example = null;
            for (java.util.Map.Entry<Integer, Progress> e : all.entrySet()) {
                Progress p = e.getValue();
                BitSet sent = sentWindows.getOrDefault(e.getKey(), new BitSet());
                for (int w = sent.nextSetBit(0); w >= 0; w = sent.nextSetBit(w + 1)) {
                    checkedWindows++;
                    firstWindow = Math.min(firstWindow, w);
                    lastWindow = Math.max(lastWindow, w + 1);
                    if (!p.windows.get(w) && !p.windows.get(w + 1)) {
                        starved++;
                        starvedPerWindow.merge(w, 1, Integer::sum);
                        if (probe.wasPaused(e.getKey(), w)) {
                            starvedPaused++;
                        } else if (probe.lateMillis(w) >= 1000) {
                            starvedLoopLate++;
                        }
                        if (example == null) {
                            example = "upload " + e.getKey() + " was written in window " + w + " but the server took "
                                    + "nothing of it in windows " + w + " and " + (w + 1) + " (server windows " + p.windows
                                    + ", client windows " + sent + ')';
                        }
                    }
                }
            }
            if (starved > 0) {
                System.out.printf("%s: of %d starved windows, %d had the body paused by the handler (disk backpressure), "
                        + "%d others had a server loop at least 1 s late%n%s", transport, starved, starvedPaused,
                        starvedLoopLate, probe.table(firstWindow, lastWindow, starvedPerWindow));
            }
            long complete = all.values().stream().filter(p -> p.complete).count();
            System.out.printf("%s: %d uploads (%d TLS) of %d KiB, paced over %d s: all answered 200 with equal SHA-256 "
                            + "in %.1f s after GO; %d client-written windows of 2 s checked, %d without server progress then or next; heap growth halfway %s "
                            + "(bound %s)%n", transport, n, n / 2, bytes >> 10, seconds, uploadMillis / 1000.0,
                    checkedWindows, starved, Baseline.mib(heapGrowth), Baseline.mib(n * HEAP_PER_UPLOAD + HEAP_SLACK));
            assertEquals(n, complete, "uploads whose body the server took completely");
            assertEquals(0, starved, "windows with bytes written but none taken by the server then or next; " + example);
            assertTrue(heapGrowth <= n * HEAP_PER_UPLOAD + HEAP_SLACK, "server heap growth with " + n
                    + " active uploads: " + Baseline.mib(heapGrowth));
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
