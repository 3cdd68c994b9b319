package dev.loopwork.bench.harness;

import dev.loopwork.bench.client.UploadClient;
import dev.loopwork.bench.server.ServerSpec;
import dev.loopwork.bench.stats.Bootstrap;
import dev.loopwork.bench.stats.Interval;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Runs one match: starts the references' server JVMs and warms them up, then for each subject
 * starts its JVM, warms it up and runs its bout: {@code reps} rounds in which every member uploads
 * once, the order reversed every other round (A B B A ...), each upload on a new connection and
 * bracketed by the server's {@code mark}/{@code report}. Prints one progress line per bout.
 */
final class Runner {

    /** No upload may run slower than this before it is called stalled and stopped. */
    private static final double SLOWEST_MB_S = 20;
    /** Other processes using less than this many cores: quiet enough to start a timed upload. */
    private static final double QUIET_CORES = 0.15;
    /** A warm-up upload during which the JIT worked less than this: the server has settled. */
    static final long JIT_SETTLED_MILLIS = 20;

    private final Profile profile;
    private final Path certDir;
    private final Path logDir;
    private final Path fileDir;
    private final Function<Case, UploadClient> clients;
    private final String classPath;
    private final Pinning pinning;
    private final LongSupplier deadline;
    private final long started = System.nanoTime();
    private final Profiler profiler;

    Runner(Profile profile, Path certDir, Path logDir, Path fileDir, Function<Case, UploadClient> clients,
           String classPath, Pinning pinning, LongSupplier deadline) {
        this.profile = profile;
        this.classPath = classPath;
        this.pinning = pinning;
        this.certDir = certDir;
        this.logDir = logDir;
        this.fileDir = fileDir;
        this.clients = clients;
        this.deadline = deadline;
        try {
            this.profiler = Profiler.fromSystemProperties();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code [m:ss]} since this runner was made: the prefix of every progress line. */
    private String stamp() {
        long s = (System.nanoTime() - started) / 1_000_000_000L;
        return String.format(Locale.ROOT, "  [%d:%02d]", s / 60, s % 60);
    }

    List<Bout> run(Match match) {
        List<Bout> bouts = new ArrayList<>();
        for (Case s : match.subjects()) {
            bouts.add(new Bout(match, s));
        }
        Map<Case, ServerProcess> refs = new LinkedHashMap<>();
        try {
            StringBuilder ready = new StringBuilder();
            for (Case r : match.references()) {
                long t0 = System.nanoTime();
                ServerProcess p = start(r);
                refs.put(r, p);
                warmUp(r, p);
                ready.append(String.format(Locale.ROOT, " %s %.0fs", r.id(), (System.nanoTime() - t0) / 1e9));
            }
            System.out.println(stamp() + " references started and warmed up:" + ready);
        } catch (IOException | RuntimeException e) {
            String why = "a reference failed: " + e.getMessage();
            System.out.printf("%s %s: %s%n", stamp(), match.title(), why);
            bouts.forEach(b -> b.fail(why));
            refs.values().forEach(ServerProcess::close);
            return bouts;
        }
        try {
            for (Bout bout : bouts) {
                if (System.nanoTime() > deadline.getAsLong()) {
                    bout.fail("not run: the profile's time budget (" + profile.budget() + ") was spent");
                    System.out.printf("%s %-44s skipped: time budget spent%n", stamp(), bout.subject().id());
                    continue;
                }
                runBout(bout, refs);
            }
        } finally {
            refs.values().forEach(ServerProcess::close);
        }
        return bouts;
    }

    private void runBout(Bout bout, Map<Case, ServerProcess> refs) {
        Case subject = bout.subject();
        if (subject.pending() != null) {
            System.out.printf("%s %-44s %s%n", stamp(), subject.id(), subject.pending());
            return;
        }
        long boutStart = System.nanoTime();
        try (ServerProcess own = start(subject)) {
            long warmUpStart = System.nanoTime();
            warmUp(subject, own);
            long warmUpNanos = System.nanoTime() - warmUpStart;
            Map<Case, ServerProcess> servers = new LinkedHashMap<>();
            servers.put(subject, own);
            servers.putAll(refs);
            servers.forEach((c, p) -> bout.server(c, p.description()));
            long[] pids = servers.values().stream().mapToLong(ServerProcess::pid).toArray();
            List<Case> order = bout.members();
            long bytes = profile.sizeBytes(!subject.isPlain());
            if (profiler != null) {
                for (ServerProcess p : servers.values()) {
                    profiler.start(p.pid());
                }
            }
            for (int round = 0; round < profile.reps(); round++) {
                for (int k = 0; k < order.size(); k++) {
                    Case c = order.get(round % 2 == 0 ? k : order.size() - 1 - k);
                    bout.add(c, timed(round, c, servers.get(c), pids, bytes));
                }
            }
            if (profiler != null) {
                for (Map.Entry<Case, ServerProcess> e : servers.entrySet()) {
                    profiler.stop(e.getValue().pid(), subject.id() + "__" + e.getKey().id());
                }
            }
            if (profile.heapMiB() > 0 && subject.isLoopwork() && !subject.isRaw()) {
                bout.heap(timed(-1, subject, own, pids, profile.heapMiB() << 20));
            }
            bout.client(clients.apply(subject).description());
            System.out.println(stamp() + " " + line(bout, System.nanoTime() - boutStart, warmUpNanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            bout.fail("interrupted");
        } catch (IOException | RuntimeException e) {
            bout.fail("failed: " + e.getMessage());
            System.out.printf("%s %-44s FAILED: %s%n", stamp(), subject.id(), e.getMessage());
        }
    }

    /** The bout in one line: the subject's medians and its paired ratios to each reference. */
    private static String line(Bout b, long nanos, long warmUpNanos) {
        Summary s = b.summary(b.subject());
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%-44s %2d rounds %3.0fs (warm-up %.0fs): %5.0f MB/s %.3f CPU-s/GiB", b.subject().id(), b.rounds(),
                nanos / 1e9, warmUpNanos / 1e9, s.medianMBs(), s.serverCpuPerGiB()));
        for (Case r : b.references()) {
            Interval mbs = Bootstrap.pairedRatio(b.values(b.subject(), Rep::mbPerSecond), b.values(r, Rep::mbPerSecond));
            Interval cpu = Bootstrap.pairedRatio(b.values(b.subject(), Rep::serverCpuSecondsPerGiB),
                    b.values(r, Rep::serverCpuSecondsPerGiB));
            sb.append(String.format(Locale.ROOT, " | vs %s: MB/s %s, CPU %s", r.id(), mbs.ratio(), cpu.ratio()));
        }
        long fakes = s.total("fakes");
        if (fakes >= 0) {
            sb.append(" | fakes ").append(fakes).append(" fallbacks ").append(s.total("fallbacks"));
        }
        sb.append(String.format(Locale.ROOT, " | other load %.2f cores", s.otherCores()));
        return sb.toString();
    }

    private ServerProcess start(Case c) throws IOException {
        Path log = logDir.resolve(c.id().replace('/', '_') + ".log");
        Files.deleteIfExists(log);
        ServerSpec spec = new ServerSpec(c.serverKind(), c.backend(), c.tls(), certDir,
                "http-file".equals(c.body()) ? fileDir : null, c.variant());
        return new ServerProcess(spec, classPath, pinning.serverPrefix(), profile.serverJvmFlags(), log,
                Duration.ofSeconds(60));
    }

    /**
     * At least n uploads, the warm-up bytes and the warm-up time, and then until the server's JIT
     * has settled: an upload during which its compilers worked less than {@value #JIT_SETTLED_MILLIS}
     * ms or 5% of the upload's time (for at most {@code bench.jitWaitSeconds} more). On a loaded
     * machine the compiler threads fall behind: profiles taken after a fixed warm-up had a third of
     * the server's CPU samples in C2.
     */
    private void warmUp(Case c, ServerProcess server) throws IOException {
        UploadClient client = clients.apply(c);
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.port());
        long bytes = profile.sizeBytes(!c.isPlain());
        long start = System.nanoTime();
        long end = start + profile.warmupTime().toNanos();
        long cap = end + profile.jitWait().toNanos();
        long sent = 0;
        for (int i = 0; ; i++) {
            server.mark();
            long nanos = client.upload(address, c.wire(), bytes, timeout(bytes)).nanos();
            long jit = server.report().getOrDefault("jitMillis", 0L);
            boolean settled = jit < JIT_SETTLED_MILLIS || jit < nanos / 1_000_000 / 20;
            sent += bytes;
            clearUploads();
            boolean enough = i + 1 >= profile.warmups() && System.nanoTime() >= end && sent >= profile.warmupBytes(!c.isPlain());
            if (enough && (settled || System.nanoTime() > cap)) {
                return;
            }
        }
    }

    /** One timed upload, bracketed by the server's numbers and the other processes' load. */
    private Rep timed(int round, Case c, ServerProcess server, long[] pids, long bytes)
            throws IOException, InterruptedException {
        if (profile.quietWait().toMillis() > 0) {
            OtherLoad.awaitQuiet(pids, profile.quietWait().toMillis(), QUIET_CORES);
        }
        server.mark();
        OtherLoad.Snapshot before = OtherLoad.take(pids);
        var sample = clients.apply(c).upload(new InetSocketAddress("127.0.0.1", server.port()), c.wire(), bytes,
                timeout(bytes));
        double other = OtherLoad.cores(before, OtherLoad.take(pids));
        Rep rep = new Rep(round, bytes, sample, server.report(), other);
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
