package dev.loopwork.bench.harness;

import dev.loopwork.bench.client.Sample;

import java.util.Map;

/**
 * One timed upload: the client's view and the server's own numbers over the same upload.
 *
 * @param server     the keys of {@code ServerProbe}'s report: cpuNanos, allocBytes, heapMark, heapPeak,
 *                   heapRetained, gcCount, gcMillis
 * @param otherCores CPU used meanwhile by processes other than the client and the server, in cores
 *                   (NaN where unknown): the noise this repetition ran in
 */
public record Rep(long sizeBytes, Sample sample, Map<String, Long> server, double otherCores) {

    public double mbPerSecond() {
        return sample.mbPerSecond();
    }

    private double gib() {
        return sizeBytes / (double) (1L << 30);
    }

    public double serverCpuSecondsPerGiB() {
        return server.get("cpuNanos") / 1e9 / gib();
    }

    public double clientCpuSecondsPerGiB() {
        return sample.clientCpuNanos() / 1e9 / gib();
    }

    public double allocMiBPerGiB() {
        return server.get("allocBytes") / (double) (1 << 20) / gib();
    }

    /** What the upload left on the heap after a full GC, in MiB. */
    public double heapRetainedGrowthMiB() {
        return (server.get("heapRetained") - server.get("heapMark")) / (double) (1 << 20);
    }

    /** Highest heap use during the upload above the settled heap at the start, in MiB (garbage included). */
    public double heapPeakGrowthMiB() {
        return (server.get("heapPeak") - server.get("heapMark")) / (double) (1 << 20);
    }
}
