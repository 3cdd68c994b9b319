package dev.loopwork.bench.server;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

/**
 * What the server JVM says about itself around one timed upload: CPU time of the whole process,
 * bytes allocated by its threads, and heap use. The orchestrator asks for a {@link #mark()} before
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

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private long cpuAtMark;
    private long allocAtMark;
    private long heapAtMark;
    private long gcCountAtMark;
    private long gcTimeAtMark;

    String mark() {
        heapAtMark = settledHeap();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
        gcCountAtMark = gcCount();
        gcTimeAtMark = gcTime();
        allocAtMark = allocated();
        cpuAtMark = os.getProcessCpuTime();
        return "MARKED";
    }

    String report() {
        long cpu = os.getProcessCpuTime() - cpuAtMark;
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
        return String.format(Locale.ROOT, "REPORT cpuNanos=%d allocBytes=%d heapMark=%d heapPeak=%d heapRetained=%d"
                + " gcCount=%d gcMillis=%d", cpu, alloc, heapAtMark, peak, retained, gcs, gcMillis);
    }

    /** Heap in use once garbage is gone; two GCs so that objects freed by finalization-like cleanup go too. */
    private static long settledHeap() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private long allocated() {
        long sum = 0;
        for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            if (bytes > 0) {
                sum += bytes;
            }
        }
        return sum;
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
