package dev.loopwork.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the machine was with things other than this benchmark: CPU time of every process
 * (from {@code /proc/stat}) minus this JVM's and the servers' (from {@code /proc/<pid>/stat}),
 * in cores. On 2 shared cores a compile next door halves a result; this number says when.
 * Linux only (NaN elsewhere); the kernel counts in ticks of 10 ms, so short windows are coarse.
 */
final class OtherLoad {

    private static final Path STAT = Path.of("/proc/stat");
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    /** Counters at one instant, in ticks. */
    record Snapshot(long busy, long total, long ours) {
    }

    private OtherLoad() {
    }

    /** {@code null} where {@code /proc} is not there; {@code serverPids}: every server JVM of the bench alive now. */
    static Snapshot take(long... serverPids) {
        try {
            String[] f = Files.readAllLines(STAT).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            // user + nice + system + steal; irq and softirq are left out: on loopback much of that is
            // our own traffic, which the kernel may not charge to our processes
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[8]);
            long ours = processTicks(ProcessHandle.current().pid());
            for (long pid : serverPids) {
                ours += processTicks(pid);
            }
            return new Snapshot(busy, total, ours);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Cores' worth of CPU used by other processes between the two snapshots; NaN if unknown. */
    static double cores(Snapshot a, Snapshot b) {
        if (a == null || b == null || b.total() <= a.total()) {
            return Double.NaN;
        }
        long other = (b.busy() - a.busy()) - (b.ours() - a.ours());
        return Math.max(0, other) * (double) CORES / (b.total() - a.total());
    }

    /**
     * Waits, at most {@code maxMillis}, for a quarter-second in which other processes used less
     * than {@code threshold} cores; returns the load of the last window looked at.
     */
    static double awaitQuiet(long[] serverPids, long maxMillis, double threshold) throws InterruptedException {
        long end = System.nanoTime() + maxMillis * 1_000_000;
        double load = Double.NaN;
        while (System.nanoTime() < end) {
            Snapshot a = take(serverPids);
            Thread.sleep(250);
            load = cores(a, take(serverPids));
            if (!(load >= threshold)) { // NaN (no /proc) counts as quiet
                break;
            }
        }
        return load;
    }

    private static long processTicks(long pid) throws IOException {
        String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // the command name may hold spaces: fields are counted after its closing parenthesis
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
    }
}
