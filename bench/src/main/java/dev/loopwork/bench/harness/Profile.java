package dev.loopwork.bench.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How much to run, from system properties ({@code -Dbench.*}, passed on by the Maven profiles).
 *
 * <table>
 *   <caption>properties</caption>
 *   <tr><th>property</th><th>quick</th><th>full</th></tr>
 *   <tr><td>bench.sizes (MiB, comma-separated)</td><td>256</td><td>256,1024,4096</td></tr>
 *   <tr><td>bench.warmups (untimed uploads per server, at least)</td><td>1</td><td>2</td></tr>
 *   <tr><td>bench.warmupSeconds (warm-up goes on until this much time passed)</td><td>2</td><td>5</td></tr>
 *   <tr><td>bench.reps (timed uploads per size)</td><td>3</td><td>5</td></tr>
 *   <tr><td>bench.file (also the file-writing handlers)</td><td>false</td><td>true</td></tr>
 *   <tr><td>bench.rawTls (TLS without HTTP on every backend, not only nio and epoll)</td><td>false</td><td>true</td></tr>
 *   <tr><td>bench.quietSeconds (before each timed upload, wait up to this long for other processes
 *       to use less than 0.15 cores)</td><td>0</td><td>5</td></tr>
 *   <tr><td>bench.noisyRetries (per case and size: repetitions during which other processes used
 *       more than 0.25 cores are run again, this many times at most)</td><td>1</td><td>10</td></tr>
 *   <tr><td>bench.pin (client on the first core, servers on the last, with taskset)</td><td>false</td>
 *       <td>false</td></tr>
 *   <tr><td>bench.maxMinutes (then the remaining cases are skipped)</td><td>4.5</td><td>120</td></tr>
 *   <tr><td>bench.filter (regex on case ids, e.g. {@code .*nio.*})</td><td colspan="2">all</td></tr>
 *   <tr><td>bench.out (results folder)</td><td colspan="2">results</td></tr>
 * </table>
 */
public record Profile(String name, List<Long> sizesMiB, int warmups, Duration warmupTime, int reps, boolean fileRows,
                      boolean rawTlsEverywhere, Duration quietWait, int noisyRetries, boolean pin, Duration budget,
                      Pattern filter, Path out, List<String> serverJvmFlags) {

    public static Profile fromSystemProperties() {
        String name = System.getProperty("bench.profile", "quick");
        boolean full = "full".equals(name);
        List<Long> sizes = new ArrayList<>();
        for (String s : System.getProperty("bench.sizes", full ? "256,1024,4096" : "256").split(",")) {
            if (!s.isBlank()) {
                sizes.add(Long.parseLong(s.trim()));
            }
        }
        double minutes = Double.parseDouble(System.getProperty("bench.maxMinutes", full ? "120" : "4.5"));
        return new Profile(name, List.copyOf(sizes),
                Integer.getInteger("bench.warmups", full ? 2 : 1),
                Duration.ofMillis((long) (1000 * Double.parseDouble(System.getProperty("bench.warmupSeconds",
                        full ? "5" : "2")))),
                Integer.getInteger("bench.reps", full ? 5 : 3),
                Boolean.parseBoolean(System.getProperty("bench.file", String.valueOf(full))),
                Boolean.parseBoolean(System.getProperty("bench.rawTls", String.valueOf(full))),
                Duration.ofMillis((long) (1000 * Double.parseDouble(System.getProperty("bench.quietSeconds",
                        full ? "5" : "0")))),
                Integer.getInteger("bench.noisyRetries", full ? 10 : 1),
                Boolean.parseBoolean(System.getProperty("bench.pin", "false")),
                Duration.ofSeconds((long) (minutes * 60)),
                Pattern.compile(System.getProperty("bench.filter", ".*")),
                Path.of(System.getProperty("bench.out", "results")),
                List.of("-Xms512m", "-Xmx512m", "-XX:+UseG1GC",
                        // Leak detection samples buffers and records stacks; off, as in production tuning.
                        "-Dio.netty.leakDetection.level=disabled",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
    }

    /** The smallest size, the one warm-ups use: enough uploads for the JIT to compile the path, at the least cost. */
    public long warmupMiB() {
        return sizesMiB.stream().mapToLong(Long::longValue).min().orElse(256);
    }
}
