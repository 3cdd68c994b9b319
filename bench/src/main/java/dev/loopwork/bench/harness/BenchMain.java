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
        System.out.println("Loopwork upload benchmark, profile " + profile.name() + ": sizes " + profile.sizesMiB()
                + " MiB, " + profile.warmups() + " warm-up (at least " + profile.warmupTime().toSeconds() + " s) + "
                + profile.reps() + " timed uploads per size");
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
        Runner runner = new Runner(profile, certs, logs, files, c -> c.tls().equals("none") ? plain : tls, classPath,
                pinning);

        List<Case> cases = catalog.cases();
        List<CaseResult> results = new ArrayList<>();
        long deadline = System.nanoTime() + profile.budget().toNanos();
        long started = System.nanoTime();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            String progress = String.format("[%d/%d %s]", i + 1, cases.size(), elapsed(started));
            if (c.pending() != null) {
                System.out.printf("%s %-40s %s%n", progress, c.id(), c.pending());
                results.add(new CaseResult(c));
            } else if (System.nanoTime() > deadline) {
                System.out.printf("%s %-40s skipped: time budget of %s spent%n", progress, c.id(), profile.budget());
                results.add(new CaseResult(c.withPending("not run: the profile's time budget (" + profile.budget()
                        + ") was spent")));
            } else {
                results.add(runner.run(c, progress));
            }
        }
        env.put("load at end", Environment.loadAverage());
        env.put("duration", elapsed(started));
        List<UploadClient> clients = List.of(plain, tls);
        Path out = Reports.write(profile, env, catalog.notes(), clients, results);
        deleteTree(work);
        System.out.println();
        System.out.print(Files.readString(out.resolve("latest.md")));
        System.out.println("Results: " + out.toAbsolutePath());
    }

    private static String elapsed(long since) {
        Duration d = Duration.ofNanos(System.nanoTime() - since);
        return String.format("%d:%02d", d.toMinutes(), d.toSecondsPart());
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
