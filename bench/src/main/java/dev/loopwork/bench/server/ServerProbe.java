package dev.loopwork.bench.server;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What the server JVM says about itself around one timed upload: CPU time of the whole process
 * (every thread, to the nanosecond: see {@link #preciseCpu()}),
 * bytes allocated by its threads, and heap use; the probe's own thread is left out of both. The orchestrator asks for a {@link #mark()} before
 * the upload and a {@link #report()} after it, over the server's standard input and output.
 *
 * <h2>Heap numbers</h2>
 * <ul>
 *   <li>retained growth: heap used after a full GC at the end minus the same at the mark: what the
 *       upload left behind (a leak, a cache that grew);</li>
 *   <li>peak growth: the highest heap use during the upload (sum of the heap pools' peaks, an upper
 *       bound) minus the use at the mark. It includes garbage not yet collected, so it depends on
 *       the collector; read it with the allocation rate.</li>
 * </ul>
 */
final class ServerProbe {

    private static final Path TASKS = Path.of("/proc/self/task");

    /**
     * Full GCs around each upload settle the heap for the retained-growth figure; they take a
     * while, so a profile that does not look at heap growth turns them off
     * ({@code -Dbench.settleHeap=false}: {@code heapSettled=0} in the report, heap figures unusable).
     */
    private static final boolean SETTLE = Boolean.parseBoolean(System.getProperty("bench.settleHeap", "true"));

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private long cpuAtMark;
    private long ticksAtMark;
    private long allocAtMark;
    private long heapAtMark;
    private long gcCountAtMark;
    private long gcTimeAtMark;
    private long jitAtMark;
    private final java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    private final Supplier<Map<String, Long>> counters;
    private Map<String, Long> countersAtMark = Map.of();

    ServerProbe(Supplier<Map<String, Long>> counters) {
        this.counters = counters;
    }

    String mark() {
        heapAtMark = settledHeap();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
        gcCountAtMark = gcCount();
        gcTimeAtMark = gcTime();
        countersAtMark = new HashMap<>(counters.get());
        jitAtMark = jitMillis();
        allocAtMark = allocated();
        ticksAtMark = os.getProcessCpuTime();
        cpuAtMark = preciseCpu();
        return "MARKED";
    }

    String report() {
        long cpu = preciseCpu() - cpuAtMark;
        long ticks = os.getProcessCpuTime() - ticksAtMark;
        long jitMillis = jitMillis() - jitAtMark;
        long alloc = allocated() - allocAtMark;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        long gcs = gcCount() - gcCountAtMark;
        long gcMillis = gcTime() - gcTimeAtMark;
        long retained = settledHeap();
        StringBuilder extra = new StringBuilder();
        for (Map.Entry<String, Long> e : new TreeMap<>(counters.get()).entrySet()) {
            extra.append(' ').append(e.getKey()).append('=').append(e.getValue() - countersAtMark.getOrDefault(e.getKey(), 0L));
        }
        return String.format(Locale.ROOT, "REPORT cpuNanos=%d allocBytes=%d heapMark=%d heapPeak=%d heapRetained=%d"
                + " gcCount=%d gcMillis=%d heapSettled=%d cpuTickNanos=%d jitMillis=%d%s", cpu, alloc, heapAtMark, peak,
                retained, gcs, gcMillis, SETTLE ? 1 : 0, ticks, jitMillis, extra);
    }

    /**
     * CPU time of every thread of this process (Java threads, GC and JIT threads alike), in
     * nanoseconds, from {@code /proc/self/task/<tid>/schedstat}. The JDK's process CPU time counts
     * in clock ticks of 10 ms, as much as a whole 64 MiB upload costs the server. A thread that
     * exits between mark and report takes its share with it (the servers keep theirs). Falls back
     * to the tick count where {@code /proc} is missing.
     */
    private final String ownTid = ownTid();

    /** The probe thread's id as the kernel knows it ({@code /proc/thread-self -> <pid>/task/<tid>}). */
    private static String ownTid() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private long preciseCpu() {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            long sum = 0;
            for (Path task : tasks) {
                if (task.getFileName().toString().equals(ownTid)) {
                    continue; // the probe's own work (this very reading) is not the server's
                }
                try {
                    String line = Files.readString(task.resolve("schedstat"));
                    sum += Long.parseLong(line.substring(0, line.indexOf(' ')));
                } catch (IOException | RuntimeException gone) {
                    // the thread exited while we looked: its time is lost either way
                }
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return os.getProcessCpuTime();
        }
    }

    /** Heap in use once garbage is gone; two GCs so that objects freed by finalization-like cleanup go too. */
    private static long settledHeap() {
        if (SETTLE) {
            System.gc();
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Bytes allocated by every thread but the probe's (its /proc reading is not the server's). */
    private long allocated() {
        long self = Thread.currentThread().getId();
        long[] ids = java.util.Arrays.stream(threads.getAllThreadIds()).filter(id -> id != self).toArray();
        long sum = 0;
        for (long bytes : threads.getThreadAllocatedBytes(ids)) {
            if (bytes > 0) {
                sum += bytes;
            }
        }
        return sum;
    }

    /** Time the JIT compilers spent so far: the warm-up goes on until it stops growing. */
    private long jitMillis() {
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    private static long gcTime() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionTime());
        }
        return n;
    }
}
