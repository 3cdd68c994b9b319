package dev.loopwork.bench.harness;

import dev.loopwork.bench.client.UploadClient;
import dev.loopwork.bench.server.ServerSpec;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * Runs one case: a fresh server JVM, warm-up uploads, then the timed repetitions at each size,
 * each on a new connection and bracketed by the server's {@code mark}/{@code report}.
 */
final class Runner {

    /** No upload may run slower than this before it is called stalled and stopped. */
    private static final double SLOWEST_MB_S = 20;
    /** Other processes using less than this many cores: quiet enough to start a timed upload. */
    private static final double QUIET_CORES = 0.15;
    /** Other processes using more than this many cores during an upload: the repetition is noisy. */
    static final double NOISY_CORES = 0.25;

    private final Profile profile;
    private final Path certDir;
    private final Path logDir;
    private final Path fileDir;
    private final Function<Case, UploadClient> clients;
    private final String classPath;
    private final Pinning pinning;

    Runner(Profile profile, Path certDir, Path logDir, Path fileDir, Function<Case, UploadClient> clients,
           String classPath, Pinning pinning) {
        this.profile = profile;
        this.classPath = classPath;
        this.pinning = pinning;
        this.certDir = certDir;
        this.logDir = logDir;
        this.fileDir = fileDir;
        this.clients = clients;
    }

    CaseResult run(Case c, String progress) {
        CaseResult result = new CaseResult(c);
        if (c.pending() != null) {
            return result;
        }
        Path log = logDir.resolve(c.id().replace('/', '_') + ".log");
        ServerSpec spec = new ServerSpec(c.serverKind(), c.backend(), c.tls(), certDir,
                "http-file".equals(c.body()) ? fileDir : null);
        UploadClient client = clients.apply(c);
        try {
            Files.deleteIfExists(log);
            try (ServerProcess server = new ServerProcess(spec, classPath, pinning.serverPrefix(), profile.serverJvmFlags(), log,
                    Duration.ofSeconds(60))) {
                result.server(server.description());
                InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.port());
                long warm = profile.warmupMiB() << 20;
                // At least n uploads and at least the warm-up time: one upload of a fast server is
                // over before C2 has compiled its read path.
                long warmEnd = System.nanoTime() + profile.warmupTime().toNanos();
                for (int i = 0; i < profile.warmups() || System.nanoTime() < warmEnd; i++) {
                    client.upload(address, c.wire(), warm, timeout(warm));
                    clearUploads();
                }
                for (long mib : profile.sizesMiB()) {
                    long bytes = mib << 20;
                    int retries = profile.noisyRetries();
                    for (int r = 1; r <= profile.reps(); r++) {
                        Rep rep = timed(c, client, server, address, bytes);
                        boolean noisy = rep.otherCores() > NOISY_CORES;
                        System.out.printf(Locale.ROOT, "%s %-40s %5d MiB rep %d/%d: %7.0f MB/s  server %.2f CPU-s/GiB"
                                        + "  client %.2f CPU-s/GiB  heap %+.1f MiB  other load %.2f cores%s%n", progress,
                                c.id(), mib, r, profile.reps(), rep.mbPerSecond(), rep.serverCpuSecondsPerGiB(),
                                rep.clientCpuSecondsPerGiB(), noMinusZero(rep.heapRetainedGrowthMiB()), rep.otherCores(),
                                noisy && retries > 0 ? "  (noisy: repeated)" : "");
                        if (noisy && retries > 0) {
                            retries--;
                            result.discardNoisy();
                            r--;
                        } else {
                            result.add(rep);
                        }
                    }
                }
            }
            result.client(client.description());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.fail("interrupted");
        } catch (IOException | RuntimeException e) {
            String why = String.valueOf(e.getMessage());
            result.fail("failed: " + why + (why.contains(log.toString()) ? "" : " (server log: " + log + ")"));
            System.out.printf("%s %-40s FAILED: %s%n", progress, c.id(), e.getMessage());
        }
        return result;
    }

    private static double noMinusZero(double mib) {
        return Math.abs(mib) < 0.05 ? 0.0 : mib;
    }

    /** One timed upload, bracketed by the server's numbers and the other processes' load. */
    private Rep timed(Case c, UploadClient client, ServerProcess server, InetSocketAddress address, long bytes)
            throws IOException, InterruptedException {
        if (profile.quietWait().toMillis() > 0) {
            OtherLoad.awaitQuiet(server.pid(), profile.quietWait().toMillis(), QUIET_CORES);
        }
        server.mark();
        OtherLoad.Snapshot before = OtherLoad.take(server.pid());
        var sample = client.upload(address, c.wire(), bytes, timeout(bytes));
        double other = OtherLoad.cores(before, OtherLoad.take(server.pid()));
        Rep rep = new Rep(bytes, sample, server.report(), other);
        clearUploads();
        return rep;
    }

    /** File rows keep what they stored (that is their job); the run must not fill the disk. */
    private void clearUploads() throws IOException {
        try (var files = Files.list(fileDir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
        }
    }

    private static Duration timeout(long bytes) {
        return Duration.ofSeconds(30).plusMillis((long) (bytes / (SLOWEST_MB_S * 1e6) * 1000));
    }
}
