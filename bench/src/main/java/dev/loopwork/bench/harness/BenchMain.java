package dev.loopwork.bench.harness;

import dev.loopwork.bench.client.Payload;
import dev.loopwork.bench.client.PlainUploadClient;
import dev.loopwork.bench.client.TlsUploadClient;
import dev.loopwork.bench.client.UploadClient;
import dev.loopwork.bench.report.Reports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The upload benchmark: every available backend, plain and TLS, Loopwork and its peers, one
 * client. This JVM is the client; each server runs in a JVM of its own (see {@link ServerProcess}).
 * Writes {@code latest.md}, {@code latest.json} and {@code latest.svg} to the results folder.
 * Settings: {@link Profile}.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Profile profile = Profile.fromSystemProperties();
        Map<String, String> env = Environment.describe(profile.serverJvmFlags());
        System.out.println("Loopwork upload benchmark, profile " + profile.name() + ": " + profile.sizeMiB()
                + " MiB uploads (TLS " + profile.tlsSizeMiB() + " MiB), paired rounds (A B B A ...) x " + profile.reps() + ", warm-up " + profile.warmups()
                + " upload(s), " + profile.warmupMiB() + " MiB and " + profile.warmupTime().toMillis() / 1000.0
                + " s per server at least");
        env.forEach((k, v) -> System.out.println("  " + k + ": " + v));

        Path work = Files.createTempDirectory("loopwork-bench");
        Path logs = Files.createDirectories(Path.of(System.getProperty("bench.logs", "target/bench-logs")));
        Path certs = Certificates.write(work.resolve("certs"));
        Path files = Files.createDirectories(work.resolve("uploads"));
        Catalog catalog = new Catalog(profile);
        catalog.notes().forEach(n -> System.out.println("  not run: " + n));

        Payload payload = new Payload();
        PlainUploadClient plain = new PlainUploadClient(payload);
        TlsUploadClient tls = new TlsUploadClient(payload);
        String classPath = ClassPathSnapshot.take(work.resolve("classpath"));
        Pinning pinning = Pinning.apply(profile.pin());
        env.put("CPU pinning", pinning.describe());
        System.out.println("  CPU pinning: " + pinning.describe());

        long started = System.nanoTime();
        MachineFigures machine = MachineFigures.measure(profile.sizeMiB(), 3);
        System.out.println("  AES-128-GCM: " + machine.aesNote());
        System.out.println("  iperf3: " + machine.iperfNote()
                + (machine.iperf().isEmpty() ? "" : String.format(java.util.Locale.ROOT, " (%.0f MB/s, receiver %.3f CPU-s/GiB)",
                machine.iperf().get(0)[0], machine.iperf().get(0)[1])));
        long deadline = started + profile.budget().toNanos();
        var h2 = new dev.loopwork.bench.h2.H2Rows.Clients(payload);
        Runner runner = new Runner(profile, certs, logs, files,
                c -> dev.loopwork.bench.h2.H2Rows.isH2(c) ? h2.client(c) : c.isPlain() ? plain : tls, classPath, pinning,
                () -> deadline);

        List<Match> matches = catalog.matches();
        int boutCount = matches.stream().mapToInt(m -> m.subjects().size()).sum();
        List<Bout> bouts = java.util.Collections.synchronizedList(new ArrayList<>());
        List<UploadClient> clients = new ArrayList<>(List.of(plain, tls));
        clients.addAll(h2.all());
        // Killed before the end (Maven's exec timeout sends SIGTERM): write what was measured.
        java.util.concurrent.atomic.AtomicBoolean written = new java.util.concurrent.atomic.AtomicBoolean();
        Thread partial = new Thread(() -> {
            if (written.compareAndSet(false, true)) {
                try {
                    env.put("duration", elapsed(started) + " (stopped before the end: partial results)");
                    Reports.write(profile, env, catalog.notes(), clients, List.copyOf(bouts), machine);
                    System.out.println("Stopped before the end; partial results written to " + profile.out());
                } catch (Exception e) {
                    System.err.println("could not write partial results: " + e);
                }
            }
        }, "bench-partial-report");
        Runtime.getRuntime().addShutdownHook(partial);
        for (Match m : matches) {
            String progress = String.format("[%d/%d %s%s]", bouts.size() + 1, boutCount, elapsed(started),
                    left(started, bouts.size(), boutCount));
            System.out.println(progress + " " + m.title() + ": references " + m.references());
            bouts.addAll(runner.run(m));
        }
        env.put("load at end", Environment.loadAverage());
        env.put("duration", elapsed(started));
        written.set(true);
        Path out = Reports.write(profile, env, catalog.notes(), clients, bouts, machine);
        deleteTree(work);
        System.out.println();
        System.out.print(Files.readString(out.resolve("latest.md")));
        System.out.println("Results: " + out.toAbsolutePath());
    }

    private static String elapsed(long since) {
        Duration d = Duration.ofNanos(System.nanoTime() - since);
        return String.format("%d:%02d", d.toMinutes(), d.toSecondsPart());
    }

    /** The time still to go if the remaining bouts take as long as the ones done so far took on average. */
    private static String left(long since, int done, int all) {
        if (done == 0) {
            return "";
        }
        Duration d = Duration.ofNanos((System.nanoTime() - since) / done * (all - done));
        return String.format(", about %d:%02d left", d.toMinutes(), d.toSecondsPart());
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
