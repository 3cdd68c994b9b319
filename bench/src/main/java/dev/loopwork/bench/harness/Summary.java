package dev.loopwork.bench.harness;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Median and spread of the repetitions of one case at one size. */
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

    public double allocMiBPerGiB() {
        return median(Rep::allocMiBPerGiB);
    }

    /** Median CPU used by other processes during the repetitions, in cores (NaN where unknown). */
    public double otherCores() {
        return median(Rep::otherCores);
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
        double[] v = values(f);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private double[] values(ToDoubleFunction<Rep> f) {
        double[] v = reps.stream().mapToDouble(f).toArray();
        Arrays.sort(v);
        return v;
    }
}
