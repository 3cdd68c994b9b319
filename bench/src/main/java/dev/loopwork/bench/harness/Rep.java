package dev.loopwork.bench.harness;

import dev.loopwork.bench.client.Sample;

import java.util.Map;

/**
 * One timed upload: the client's view and the server's own numbers over the same upload.
 *
 * @param round      the round of its bout: the uploads of one round ran back to back
 * @param server     the keys of {@code ServerProbe}'s report: cpuNanos, allocBytes, heapMark, heapPeak,
 *                   heapRetained, gcCount, gcMillis, heapSettled, and the server's counters (fakes,
 *                   fallbacks, pauses) where it has them
 * @param otherCores CPU used meanwhile by processes other than the client and the servers, in cores
 *                   (NaN where unknown): the noise this repetition ran in
 */
public record Rep(int round, long sizeBytes, Sample sample, Map<String, Long> server, double otherCores) {

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

    /** Share of the upload's wall time the client thread was on a CPU: near 1, the client may set the pace. */
    public double clientBusy() {
        return sample.clientCpuNanos() / (double) sample.nanos();
    }

    /** Share of the upload's wall time the server process was on a CPU, in cores. */
    public double serverBusy() {
        return server.get("cpuNanos") / (double) sample.nanos();
    }

    public double allocMiBPerGiB() {
        return server.get("allocBytes") / (double) (1 << 20) / gib();
    }

    public long counter(String name) {
        return server.getOrDefault(name, -1L);
    }

    /** Whether the server settled its heap with full GCs around the upload (heap figures are usable). */
    public boolean heapSettled() {
        return server.getOrDefault("heapSettled", 1L) == 1;
    }

    /** What the upload left on the heap after a full GC, in MiB. */
    public double heapRetainedGrowthMiB() {
        return heapSettled() ? (server.get("heapRetained") - server.get("heapMark")) / (double) (1 << 20) : Double.NaN;
    }

    /** Highest heap use during the upload above the settled heap at the start, in MiB (garbage included). */
    public double heapPeakGrowthMiB() {
        return heapSettled() ? (server.get("heapPeak") - server.get("heapMark")) / (double) (1 << 20) : Double.NaN;
    }
}
