package dev.loopwork.bench.harness;

import dev.loopwork.bench.stats.Bootstrap;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Medians and spread of one member's repetitions in a bout. */
public final class Summary {

    private final List<Rep> reps;

    Summary(List<Rep> reps) {
        this.reps = List.copyOf(reps);
    }

    public int count() {
        return reps.size();
    }

    public double medianMBs() {
        return median(Rep::mbPerSecond);
    }

    public double minMBs() {
        return values(Rep::mbPerSecond)[0];
    }

    public double maxMBs() {
        double[] v = values(Rep::mbPerSecond);
        return v[v.length - 1];
    }

    public double serverCpuPerGiB() {
        return median(Rep::serverCpuSecondsPerGiB);
    }

    public double clientCpuPerGiB() {
        return median(Rep::clientCpuSecondsPerGiB);
    }

    public double clientBusy() {
        return median(Rep::clientBusy);
    }

    public double serverBusy() {
        return median(Rep::serverBusy);
    }

    public double allocMiBPerGiB() {
        return median(Rep::allocMiBPerGiB);
    }

    /** Median CPU used by other processes during the repetitions, in cores (NaN where unknown). */
    public double otherCores() {
        return median(Rep::otherCores);
    }

    public double maxOtherCores() {
        double[] v = values(Rep::otherCores);
        return v[v.length - 1];
    }

    /** Sum of a server counter over the repetitions; -1 if the server does not have it. */
    public long total(String counter) {
        long sum = 0;
        for (Rep r : reps) {
            long v = r.counter(counter);
            if (v < 0) {
                return -1;
            }
            sum += v;
        }
        return sum;
    }

    /** The worst repetition: growth is what must stay small every time. */
    public double heapRetainedGrowthMiB() {
        double[] v = values(Rep::heapRetainedGrowthMiB);
        return v[v.length - 1];
    }

    public double heapPeakGrowthMiB() {
        double[] v = values(Rep::heapPeakGrowthMiB);
        return v[v.length - 1];
    }

    public double median(ToDoubleFunction<Rep> f) {
        return Bootstrap.medianOf(reps.stream().mapToDouble(f).toArray());
    }

    public double[] values(ToDoubleFunction<Rep> f) {
        double[] v = reps.stream().mapToDouble(f).toArray();
        Arrays.sort(v);
        return v;
    }
}
