package dev.loopwork.reliability;

import dev.loopwork.http.HttpTimeouts;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Graceful shutdown with 32 rate-limited uploads in flight (plain and TLS, every framing), paced so
 * that some finish well before the deadline and some cannot. Whatever the timing: every upload
 * answered 200 is complete and correct (SHA-256 of the answer and of the file), every other one is
 * told so (an error answer or a reset, never a 200), every file left on disk is a complete upload,
 * and the group terminates: nothing hangs.
 */
class GracefulShutdownTest {

    private static final int KIB = 1024;
    private static final Duration DEADLINE = Duration.ofSeconds(3);

    static Stream<String> transports() {
        return Transports.selected();
    }

    /** What one client saw. */
    record Result(int index, String outcome, Wire.Stored stored, String sha256, int size) {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void uploadsInFlightFinishOrAreToldSo(String transport) throws Exception {
        int uploads = Scale.shutdownUploads();
        UploadServer.Options o = new UploadServer.Options()
                .timeouts(HttpTimeouts.builder().minBodyRate(0, Duration.ofSeconds(10)).build());
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "rel-pacer"));
        ExecutorService clients = Executors.newFixedThreadPool(uploads, r -> new Thread(r, "rel-shutdown-client"));
        long t0 = System.nanoTime();
        try (UploadServer server = UploadServer.start("shutdown", transport, o)) {
            List<CompletableFuture<Result>> results = new ArrayList<>();
            for (int i = 0; i < uploads; i++) {
                int index = i;
                int size = 192 * KIB + i;
                // Paced to take 0.2 s .. 6.4 s in all: some end before the 3 s deadline, some cannot.
                double kibPerSecond = (size / (double) KIB) / (0.2 * (i + 1));
                Semaphore tokens = new Semaphore(0);
                double[] carry = {0};
                pacer.scheduleAtFixedRate(() -> {
                    carry[0] += kibPerSecond * 0.02;
                    int whole = (int) carry[0];
                    carry[0] -= whole;
                    if (whole > 0) {
                        tokens.release(whole);
                    }
                }, 20, 20, TimeUnit.MILLISECONDS);
                results.add(CompletableFuture.supplyAsync(() -> upload(server, index, size, tokens), clients));
            }
            server.awaitUploadsStarted(uploads);
            long shutdownAt = System.nanoTime();
            CompletableFuture<Void> terminated = server.group.shutdownGracefully(DEADLINE).toCompletableFuture();
            terminated.get(2, TimeUnit.MINUTES); // nothing hangs
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - shutdownAt);
            Map<String, Integer> outcomes = new TreeMap<>();
            Map<String, Result> bySha = new HashMap<>();
            int complete = 0;
            for (CompletableFuture<Result> f : results) {
                Result r = f.get(2, TimeUnit.MINUTES);
                outcomes.merge(r.outcome().startsWith("error:") ? "reset/eof" : r.outcome(), 1, Integer::sum);
                bySha.put(r.sha256(), r);
                if (r.stored() != null) {
                    complete++;
                    assertEquals(r.sha256(), r.stored().sha256(), "SHA-256 the server answered for upload " + r.index());
                    assertEquals(r.sha256(), Wire.sha256(Files.readAllBytes(server.dir.resolve(r.stored().name()))),
                            "SHA-256 of the stored file of upload " + r.index());
                }
            }
            // Every file left is a complete, correct upload (partial ones were removed).
            int storedUnacknowledged = 0;
            for (String name : server.stored()) {
                String sha = Wire.sha256(Files.readAllBytes(server.dir.resolve(name)));
                Result owner = bySha.get(sha);
                assertTrue(owner != null, () -> "a partial or unknown file was left behind: " + name);
                if (owner.stored() == null) {
                    storedUnacknowledged++;
                }
            }
            assertEquals(complete, server.stored().size() - storedUnacknowledged, "files of the uploads answered 200");
            System.out.printf("[shutdown] %s: %d paced uploads in flight at shutdownGracefully(%ds): %d complete with "
                            + "SHA-256 (200), others told so %s; stored without an answer %d; no partial file; "
                            + "group terminated %d ms after the call; %.1f s%n", transport, uploads,
                    DEADLINE.toSeconds(), complete, outcomes, storedUnacknowledged, tookMs,
                    (System.nanoTime() - t0) / 1e9);
        } finally {
            pacer.shutdownNow();
            clients.shutdownNow();
            assertTrue(clients.awaitTermination(1, TimeUnit.MINUTES), "client threads ended");
            assertTrue(pacer.awaitTermination(1, TimeUnit.MINUTES), "pacer ended");
        }
    }

    private static Result upload(UploadServer server, int index, int size, Semaphore tokens) {
        boolean tls = index % 4 == 3;
        byte[] data = Wire.data(index * 7919L, size);
        String sha = Wire.sha256(data);
        byte[] wire = Wire.upload("/upload", Wire.Framing.values()[index % 3], data, false);
        Wire.Conn c;
        try {
            c = Wire.connect(server.address(tls), tls);
        } catch (IOException e) {
            return new Result(index, "error: connect " + e, null, sha, size);
        }
        try {
            int headEnd = indexOfHeadEnd(wire);
            int p = Math.min(wire.length, headEnd + KIB);
            try {
                c.out().write(wire, 0, p);
                c.out().flush();
                while (p < wire.length) {
                    if (!tokens.tryAcquire(60, TimeUnit.SECONDS)) {
                        return new Result(index, "error: pacing stalled", null, sha, size);
                    }
                    int n = Math.min(KIB, wire.length - p);
                    c.out().write(wire, p, n);
                    c.out().flush();
                    p += n;
                }
            } catch (IOException e) {
                // The server stopped reading (deadline): an answer may still be there to read.
                return answer(c, index, sha, size, "while sending: " + e.getClass().getSimpleName());
            }
            return answer(c, index, sha, size, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(index, "error: interrupted", null, sha, size);
        } finally {
            c.close();
        }
    }

    private static Result answer(Wire.Conn c, int index, String sha, int size, String sendFailure) {
        Wire.Reply reply;
        try {
            reply = Wire.read(c.in());
        } catch (IOException e) {
            return new Result(index, "error: " + e.getClass().getSimpleName() + sendFailure, null, sha, size);
        }
        if (reply.status() == 200) {
            if (!sendFailure.isEmpty()) {
                fail("upload " + index + " was answered 200 although its body could not be sent (" + sendFailure + ")");
            }
            try {
                return new Result(index, "200", Wire.stored(reply), sha, size);
            } catch (IOException e) {
                fail("upload " + index + ": " + e.getMessage());
            }
        }
        return new Result(index, String.valueOf(reply.status()), null, sha, size);
    }

    private static int indexOfHeadEnd(byte[] wire) {
        for (int i = 3; i < wire.length; i++) {
            if (wire[i - 3] == '\r' && wire[i - 2] == '\n' && wire[i - 1] == '\r' && wire[i] == '\n') {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("no head end");
    }
}
