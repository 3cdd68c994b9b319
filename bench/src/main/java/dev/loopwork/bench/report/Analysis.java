package dev.loopwork.bench.report;

import dev.loopwork.bench.harness.Bout;
import dev.loopwork.bench.harness.Case;
import dev.loopwork.bench.harness.MachineFigures;
import dev.loopwork.bench.harness.Rep;
import dev.loopwork.bench.harness.Summary;
import dev.loopwork.bench.server.NettyTransport;
import dev.loopwork.bench.stats.Bootstrap;
import dev.loopwork.bench.stats.Interval;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The comparisons every report makes, all paired within a bout: the subject against each
 * reference, and against the better reference per figure (higher MB/s, lower CPU per GiB), so a
 * Netty row is never the handicapped one. The floor multiple is the one unpaired figure: the
 * subject's CPU per GiB over the bare JDK read loop's (plus AES-GCM decryption for TLS), the JDK
 * loop measured in the raw match of the same transport.
 */
public final class Analysis {

    /** A ratio of the subject to one reference over the rounds of their bout. */
    public record Comparison(Case reference, Interval mbs, Interval cpu) {
    }

    private final List<Bout> bouts;
    private final MachineFigures machine;

    public Analysis(List<Bout> bouts, MachineFigures machine) {
        this.bouts = bouts;
        this.machine = machine;
    }

    public List<Bout> bouts() {
        return bouts;
    }

    public MachineFigures machine() {
        return machine;
    }

    /** The Loopwork backends, in run order. */
    public List<String> backends() {
        List<String> b = new ArrayList<>();
        for (Bout bout : bouts) {
            if (bout.subject().isLoopwork() && !b.contains(bout.subject().backend())) {
                b.add(bout.subject().backend());
            }
        }
        return b;
    }

    public static Comparison compare(Bout b, Case reference) {
        if (!b.ran()) {
            return new Comparison(reference, Interval.NONE, Interval.NONE);
        }
        return new Comparison(reference, paired(b, b.subject(), reference, Rep::mbPerSecond),
                paired(b, b.subject(), reference, Rep::serverCpuSecondsPerGiB));
    }

    static Interval paired(Bout b, Case x, Case y, ToDoubleFunction<Rep> f) {
        return b.ran() ? Bootstrap.pairedRatio(b.values(x, f), b.values(y, f)) : Interval.NONE;
    }

    /** The reference with the higher median MB/s: the one the subject's throughput must match. */
    public static Case fastestReference(Bout b) {
        return best(b, Summary::medianMBs, true);
    }

    /** The reference with the lower median CPU per GiB: the one the subject's cost is held against. */
    public static Case cheapestReference(Bout b) {
        return best(b, Summary::serverCpuPerGiB, false);
    }

    private static Case best(Bout b, ToDoubleFunction<Summary> f, boolean higher) {
        Case best = null;
        double bestValue = Double.NaN;
        for (Case r : b.references()) {
            Summary s = b.summary(r);
            if (s == null) {
                continue;
            }
            double v = f.applyAsDouble(s);
            if (best == null || (higher ? v > bestValue : v < bestValue)) {
                best = r;
                bestValue = v;
            }
        }
        return best;
    }

    /** Subject against the better reference: MB/s against the fastest, CPU against the cheapest. */
    public static Comparison againstBest(Bout b) {
        Case fast = fastestReference(b);
        Case cheap = cheapestReference(b);
        if (fast == null || !b.ran()) {
            return new Comparison(null, Interval.NONE, Interval.NONE);
        }
        return new Comparison(fast, paired(b, b.subject(), fast, Rep::mbPerSecond),
                paired(b, b.subject(), cheap, Rep::serverCpuSecondsPerGiB));
    }

    /** The bare JDK read loop's CPU-s/GiB on the transport a backend is compared on, every repetition. */
    public double[] floorCpu(String loopworkBackend) {
        String transport = NettyTransport.peerOf(loopworkBackend);
        List<Double> v = new ArrayList<>();
        for (Bout b : bouts) {
            if ("raw".equals(b.match().kind()) && b.ran()
                    && NettyTransport.peerOf(b.subject().backend()).equals(transport)) {
                for (Case r : b.references()) {
                    if ("jdk".equals(r.impl())) {
                        for (Rep rep : b.reps(r)) {
                            v.add(rep.serverCpuSecondsPerGiB());
                        }
                    }
                }
            }
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * The subject's CPU per GiB as a multiple of the physical floor: the JDK read loop, plus for
     * TLS the AES-128-GCM decryption cost of {@code openssl speed}. Unpaired (the floor ran in
     * another match); {@link Interval#NONE} where a part of the floor is missing.
     */
    public Interval floorMultiple(Bout b) {
        double[] floor = floorCpu(b.subject().backend());
        if (!b.ran() || floor.length == 0) {
            return Interval.NONE;
        }
        double crypto = 0;
        if (!b.subject().isPlain()) {
            if (Double.isNaN(machine.aesCpuPerGiB())) {
                return Interval.NONE;
            }
            crypto = machine.aesCpuPerGiB();
        }
        for (int i = 0; i < floor.length; i++) {
            floor[i] += crypto;
        }
        return Bootstrap.unpairedRatio(b.values(b.subject(), Rep::serverCpuSecondsPerGiB), floor);
    }

    /**
     * How many rounds would give a 95% interval of +-{@code halfWidth} (relative) for this bout's
     * paired ratios, from the spread of the per-round log-ratios: {@code (1.96 sd / ln(1 + h))^2}.
     * Returns {MB/s rounds, CPU rounds}; NaN without a reference.
     */
    public static double[] roundsNeeded(Bout b, double halfWidth) {
        Case ref = fastestReference(b);
        if (ref == null || b.rounds() < 3) {
            return new double[] {Double.NaN, Double.NaN};
        }
        return new double[] {rounds(b, ref, Rep::mbPerSecond, halfWidth), rounds(b, ref, Rep::serverCpuSecondsPerGiB, halfWidth)};
    }

    private static double rounds(Bout b, Case ref, ToDoubleFunction<Rep> f, double halfWidth) {
        double[] x = b.values(b.subject(), f);
        double[] y = b.values(ref, f);
        double mean = 0;
        double[] l = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            l[i] = Math.log(x[i] / y[i]);
            mean += l[i] / x.length;
        }
        double var = 0;
        for (double v : l) {
            var += (v - mean) * (v - mean) / (l.length - 1);
        }
        double n = Math.pow(1.96 * Math.sqrt(var) / Math.log(1 + halfWidth), 2);
        return Math.max(2, Math.ceil(n));
    }
}
