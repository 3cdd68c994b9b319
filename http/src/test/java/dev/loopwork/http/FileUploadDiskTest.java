package dev.loopwork.http;

import dev.loopwork.LoopGroup;
import dev.loopwork.Server;
import dev.loopwork.bootstrap.Loopwork;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FileUploadHandler} with a bad disk, on every loop: a disk that stalls 2 s on every write of
 * one upload holds up that upload only (another upload on the same loop completes meanwhile, and the
 * stalled one is held back by TCP, not buffered); so does a file creation that hangs; a full device ({@code /dev/full}, the kernel's own
 * ENOSPC) is answered 507 and an I/O error 500, and the partial file is removed in both cases.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FileUploadDiskTest {

    private static final long SLOW_BODY = 64L * 1024 * 1024;
    private static final long FAST_BODY = 16L * 1024 * 1024;

    @TempDir
    Path tmp;

    private final ExecutorService disk = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "test-disk");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService clients = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-client");
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch unstall = new CountDownLatch(1);
    private LoopGroup group;

    @AfterEach
    void tearDown() throws Exception {
        unstall.countDown();
        if (group != null) {
            group.shutdownGracefully(Duration.ofSeconds(5)).toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertEquals(0, group.buffers().outstanding(), () -> "pooled buffers still out: " + group.buffers().leakReport());
        }
        disk.shutdownNow();
        clients.shutdownNow();
        assertTrue(disk.awaitTermination(30, TimeUnit.SECONDS), "disk threads ended");
    }

    /**
     * Every loop of the module's list and {@code io_uring-manual}: the issue wants the disk cases on
     * every Linux loop. {@code -Dhttp.transports=...} narrows it like the other tests.
     */
    static Stream<String> loops() {
        String only = System.getProperty("http.transports", "").trim();
        boolean manual = only.isEmpty() || java.util.Arrays.asList(only.split("\\s*,\\s*")).contains("io_uring-manual");
        return Stream.concat(Transports.all(), manual ? Stream.of("io_uring-manual") : Stream.empty());
    }

    /** One loop, so that every connection of the test shares it. */
    private InetSocketAddress start(String transport, FileUploadHandler handler) {
        Transports.assumeAvailable(transport);
        group = Loopwork.group().transport(transport).loops(1).name("disk-test").build();
        Server server = HttpServer.builder().handler(handler).build()
                .listen(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return server.localAddress();
    }

    /** A PUT of {@code size} seeded bytes; the writer runs on its own thread, counting what it sent. */
    private record Upload(Socket socket, CompletableFuture<String> sent, AtomicLong sentBytes) {
    }

    private Upload put(InetSocketAddress address, String path, long size, long seed) throws IOException {
        Socket s = new Socket();
        s.connect(address, 30_000);
        s.setSoTimeout(60_000);
        AtomicLong count = new AtomicLong();
        CompletableFuture<String> sent = CompletableFuture.supplyAsync(() -> {
            try {
                OutputStream out = s.getOutputStream();
                out.write(("PUT " + path + " HTTP/1.1\r\nHost: h\r\nContent-Length: " + size + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                MessageDigest d = TestFiles.digest();
                SplittableRandom r = new SplittableRandom(seed);
                byte[] b = new byte[32 * 1024];
                for (long at = 0; at < size; ) {
                    int n = (int) Math.min(b.length, size - at);
                    r.nextBytes(b);
                    out.write(b, 0, n);
                    d.update(b, 0, n);
                    at += n;
                    count.set(at);
                }
                return HexFormat.of().formatHex(d.digest());
            } catch (IOException e) {
                return "writer stopped: " + e;
            }
        }, clients);
        return new Upload(s, sent, count);
    }

    private static RawClient.Reply reply(Upload u) throws IOException {
        return new RawClient(u.socket()).read();
    }

    /** {@code u} is answered 200 with the SHA-256 its client sent, and stored with it. */
    private static void assertStoredWhole(Upload u, Path dir, long sendSeconds) throws Exception {
        String sha = u.sent().get(sendSeconds, TimeUnit.SECONDS);
        RawClient.Reply r = reply(u);
        assertEquals(200, r.status(), r.text());
        assertEquals(List.of(sha), TestFiles.jsonValues(r.text(), "sha256"));
        TestFiles.assertStored(dir, TestFiles.jsonValues(r.text(), "stored").get(0), sha);
    }

    /** A new connection of the (only) loop gets its answer. */
    private static void assertAnotherConnectionIsAnswered(InetSocketAddress address) throws IOException {
        try (RawClient other = new RawClient(address)) {
            other.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals(405, other.read().status(), "a third connection of the loop is answered");
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loops")
    void aStalledDiskHoldsUpOneUploadNotTheLoop(String transport) throws Exception {
        Path dir = tmp.resolve("up");
        AtomicReference<Path> slowFile = new AtomicReference<>();
        AtomicInteger stalledWrites = new AtomicInteger();
        DiskIo stallOne = (channel, data, path) -> {
            if (slowFile.compareAndSet(null, path) || path.equals(slowFile.get())) {
                stalledWrites.incrementAndGet();
                try {
                    unstall.await(2, TimeUnit.SECONDS); // the stalled disk: 2 s per write until the test ends it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            DiskIo.DIRECT.write(channel, data, path);
        };
        InetSocketAddress address = start(transport, new FileUploadHandler(dir, disk, stallOne));

        Upload slow = put(address, "/slow", SLOW_BODY, 1);
        Awaitility.await("the slow upload's first write reaches the stalled disk").atMost(Duration.ofSeconds(60))
                .until(() -> stalledWrites.get() >= 1);

        Upload fast = put(address, "/fast", FAST_BODY, 2);
        assertStoredWhole(fast, dir, 60);
        assertAnotherConnectionIsAnswered(address);

        // Progress, not timing: the other upload finished while this one still waits for its disk,
        // and TCP holds its client back (the server buffers at most two 64 KiB buffers of it).
        long slowSent = slow.sentBytes().get();
        int stalledSoFar = stalledWrites.get();
        assertFalse(slow.sent().isDone(), "the slow upload cannot have sent its whole body: " + slowSent + " bytes");
        assertTrue(slowSent < SLOW_BODY, "bytes the stalled upload's client got through: " + slowSent);
        assertEquals(0, slow.socket().getInputStream().available(), "no answer to the stalled upload yet");

        unstall.countDown(); // the disk recovers
        assertStoredWhole(slow, dir, 120);
        slow.socket().close();
        fast.socket().close();
        System.out.printf("%s: stalled disk: the other upload (%d MiB) completed while the stalled one had %d "
                        + "write(s) at the disk and its client had sent %d KiB of %d MiB%n", transport,
                FAST_BODY >> 20, stalledSoFar, slowSent >> 10, SLOW_BODY >> 20);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loops")
    void aStalledFileCreationHoldsUpOneUploadNotTheLoop(String transport) throws Exception {
        Path dir = tmp.resolve("up");
        AtomicInteger creations = new AtomicInteger();
        // A directory update that hangs (a network file system): the first upload's file creation
        // waits until the test ends it. Created on the loop thread, it would stall every connection.
        DiskIo stallFirstCreation = new DiskIo() {
            @Override
            public void write(FileChannel channel, java.nio.ByteBuffer data, Path path) throws IOException {
                DiskIo.DIRECT.write(channel, data, path);
            }

            @Override
            public Created create(Path directory) throws IOException {
                if (creations.incrementAndGet() == 1) {
                    try {
                        unstall.await(150, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted", e);
                    }
                }
                return DiskIo.super.create(directory);
            }
        };
        InetSocketAddress address = start(transport, new FileUploadHandler(dir, disk, stallFirstCreation));

        Upload slow = put(address, "/slow", 1024 * 1024, 5);
        Awaitility.await("the first upload's file creation reaches the stalled disk").atMost(Duration.ofSeconds(60))
                .until(() -> creations.get() >= 1);

        Upload fast = put(address, "/fast", 1024 * 1024, 6);
        assertStoredWhole(fast, dir, 60);
        assertAnotherConnectionIsAnswered(address);
        assertEquals(0, slow.socket().getInputStream().available(), "no answer to the stalled upload yet");

        unstall.countDown(); // the directory recovers
        assertStoredWhole(slow, dir, 120);
        slow.socket().close();
        fast.socket().close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loops")
    void aFullDeviceIsAnswered507AndThePartialFileRemoved(String transport) throws Exception {
        Path dir = tmp.resolve("up");
        AtomicLong written = new AtomicLong();
        // After 1 MiB the bytes go to /dev/full instead: the kernel's own ENOSPC, no root needed.
        DiskIo fillsUp = (channel, data, path) -> {
            if (written.addAndGet(data.remaining()) <= 1024 * 1024) {
                DiskIo.DIRECT.write(channel, data, path);
                return;
            }
            try (FileChannel full = FileChannel.open(Path.of("/dev/full"), StandardOpenOption.WRITE)) {
                DiskIo.DIRECT.write(full, data, path);
            }
        };
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(Path.of("/dev/full")), "no /dev/full here");
        InetSocketAddress address = start(transport, new FileUploadHandler(dir, disk, fillsUp));
        Upload u = put(address, "/full", 8L * 1024 * 1024, 3);
        RawClient.Reply r = reply(u);
        assertEquals(507, r.status(), r.text());
        assertTrue(r.text().contains("No space left on device"), r.text());
        u.socket().close();
        Awaitility.await("the partial file is removed").atMost(Duration.ofSeconds(30)).until(() -> files(dir).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loops")
    void anIoErrorIsAnswered500AndThePartialFileRemoved(String transport) throws Exception {
        Path dir = tmp.resolve("up");
        AtomicLong written = new AtomicLong();
        DiskIo eio = (channel, data, path) -> {
            if (written.addAndGet(data.remaining()) > 512 * 1024) {
                throw new IOException("Input/output error");
            }
            DiskIo.DIRECT.write(channel, data, path);
        };
        InetSocketAddress address = start(transport, new FileUploadHandler(dir, disk, eio));
        Upload u = put(address, "/eio", 4L * 1024 * 1024, 4);
        RawClient.Reply r = reply(u);
        assertEquals(500, r.status(), r.text());
        assertTrue(r.text().contains("Input/output error"), r.text());
        u.socket().close();
        Awaitility.await("the partial file is removed").atMost(Duration.ofSeconds(30)).until(() -> files(dir).isEmpty());
    }
}
