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
 *   <tr><td>bench.size (MiB per timed upload, plain TCP)</td><td>128</td><td>1024</td></tr>
 *   <tr><td>bench.tlsSize (MiB per timed upload, TLS: slower, so smaller in quick)</td><td>32</td><td>1024</td></tr>
 *   <tr><td>bench.reps (rounds per bout: each member uploads once per round)</td><td>14</td><td>20</td></tr>
 *   <tr><td>bench.warmups (untimed uploads per server, at least)</td><td>1</td><td>2</td></tr>
 *   <tr><td>bench.warmupMiB (warm-up goes on until this much was uploaded, so the JIT has compiled
 *       the path whatever the machine's load; TLS rows: as many uploads, so scaled by tlsSize/size)</td>
 *       <td>256</td><td>4096</td></tr>
 *   <tr><td>bench.warmupSeconds (and until this much time passed)</td><td>1</td><td>5</td></tr>
 *   <tr><td>bench.jitWaitSeconds (then, at most this much longer until an upload during which the
 *       server's JIT was idle)</td><td>2.5</td><td>60</td></tr>
 *   <tr><td>bench.heapMiB (after each Loopwork HTTP bout, one upload of this size with the heap
 *       settled by full GCs around it; 0: none)</td><td>0</td><td>4096</td></tr>
 *   <tr><td>bench.settleHeap (full GCs around every timed upload, for retained heap growth)</td>
 *       <td>false</td><td>true</td></tr>
 *   <tr><td>bench.file (also the file-writing handlers)</td><td>false</td><td>true</td></tr>
 *   <tr><td>bench.everywhere (TLS with the JDK engine, and TLS without HTTP, on every backend; else
 *       neither)</td><td>false</td><td>true</td></tr>
 *   <tr><td>bench.quietSeconds (before each timed upload, wait up to this long for other processes
 *       to use less than 0.15 cores)</td><td>0</td><td>2</td></tr>
 *   <tr><td>bench.pin (client on the first core, servers on the last, with taskset)</td><td>false</td>
 *       <td>false</td></tr>
 *   <tr><td>bench.maxMinutes (then the remaining bouts are skipped)</td><td>30</td><td>240</td></tr>
 *   <tr><td>bench.serverFlags (more JVM flags for every server, e.g. a JFR recording)</td>
 *       <td colspan="2">none</td></tr>
 *   <tr><td>bench.budgetPair (a read budget in bytes: per backend, Loopwork raw and HTTP plain with
 *       that budget, paired against the same server with the core's default; 0: none)</td>
 *       <td colspan="2">0</td></tr>
 *   <tr><td>bench.filter (regex on the subjects' ids, e.g. {@code .*nio.*}; references always run)</td>
 *       <td colspan="2">all</td></tr>
 *   <tr><td>bench.out (results folder)</td><td colspan="2">results</td></tr>
 * </table>
 */
public record Profile(String name, long sizeMiB, long tlsSizeMiB, int warmups, long warmupMiB, Duration warmupTime,
                      Duration jitWait, int reps, long heapMiB,
                      boolean settleHeap, boolean fileRows, boolean everywhere, Duration quietWait, boolean pin,
                      Duration budget, int budgetPair, Pattern filter, Path out, List<String> serverJvmFlags) {

    public static Profile fromSystemProperties() {
        String name = System.getProperty("bench.profile", "quick");
        boolean full = "full".equals(name);
        boolean settle = Boolean.parseBoolean(System.getProperty("bench.settleHeap", String.valueOf(full)));
        double minutes = Double.parseDouble(System.getProperty("bench.maxMinutes", full ? "240" : "30"));
        List<String> flags = new ArrayList<>(List.of("-Xms512m", "-Xmx512m", "-XX:+UseG1GC",
                // Leak detection samples buffers and records stacks; off, as in production tuning.
                "-Dio.netty.leakDetection.level=disabled",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dbench.settleHeap=" + settle));
        String extra = System.getProperty("bench.serverFlags", "");
        if (!extra.isBlank()) {
            flags.addAll(List.of(extra.trim().split("\\s+")));
        }
        return new Profile(name,
                Long.getLong("bench.size", full ? 1024 : 128),
                Long.getLong("bench.tlsSize", full ? 1024 : 32),
                Integer.getInteger("bench.warmups", full ? 2 : 1),
                Long.getLong("bench.warmupMiB", full ? 4096 : 256),
                seconds(System.getProperty("bench.warmupSeconds", full ? "5" : "1")),
                seconds(System.getProperty("bench.jitWaitSeconds", full ? "60" : "2.5")),
                positive("bench.reps", Integer.getInteger("bench.reps", full ? 20 : 14)),
                Long.getLong("bench.heapMiB", full ? 4096 : 0),
                settle,
                Boolean.parseBoolean(System.getProperty("bench.file", String.valueOf(full))),
                Boolean.parseBoolean(System.getProperty("bench.everywhere", String.valueOf(full))),
                seconds(System.getProperty("bench.quietSeconds", full ? "2" : "0")),
                Boolean.parseBoolean(System.getProperty("bench.pin", "false")),
                Duration.ofSeconds((long) (minutes * 60)),
                Integer.getInteger("bench.budgetPair", 0),
                Pattern.compile(System.getProperty("bench.filter", ".*")),
                Path.of(System.getProperty("bench.out", "results")),
                List.copyOf(flags));
    }

    /** The upload size of a row, in bytes. */
    public long sizeBytes(boolean tls) {
        return (tls ? tlsSizeMiB : sizeMiB) << 20;
    }

    /**
     * The warm-up bytes of a row: {@code warmupMiB}, for TLS rows scaled by their smaller upload so that
     * they warm up with as many uploads (the JDK engine's first uploads run at a few MB/s).
     */
    public long warmupBytes(boolean tls) {
        return tls ? (warmupMiB << 20) / sizeMiB * tlsSizeMiB : warmupMiB << 20;
    }

    private static Duration seconds(String s) {
        return Duration.ofMillis((long) (1000 * Double.parseDouble(s)));
    }

    private static int positive(String property, int value) {
        if (value < 2) {
            throw new IllegalArgumentException(property + " must be at least 2 (an interval needs two rounds), was " + value);
        }
        return value;
    }
}
