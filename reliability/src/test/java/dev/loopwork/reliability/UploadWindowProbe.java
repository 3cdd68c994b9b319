package dev.loopwork.reliability;

import dev.loopwork.Loop;
import dev.loopwork.LoopGroup;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Why an upload of {@link ActiveUploadsTest} made no progress in a window: counters per 2-second
 * window, so that a fairness failure names its cause from figures, not from guesses. It records
 * <ul>
 *   <li>how late each server loop ran a task it scheduled every 100 ms (a loop blocked by a callback,
 *       or starved of CPU, is late);</li>
 *   <li>the JVM's garbage-collection time (a full GC stops every loop);</li>
 *   <li>the loop-thread time spent in the handler's {@code onRequest} (where the upload file is
 *       created) and in {@code onChunk};</li>
 *   <li>for each upload, the windows in which its body was paused by the handler (backpressure).</li>
 * </ul>
 * Windows count from {@code startNanos}, the test's clock, like the uploads' own windows.
 */
final class UploadWindowProbe implements AutoCloseable {

    private static final int MAX_WINDOWS = 4096;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final long startNanos;
    private final long windowNanos;
    /** Per window: the largest lateness (ns) of a loop tick. */
    private final AtomicLongArray loopLate = new AtomicLongArray(MAX_WINDOWS);
    /** Per window: garbage-collection time (ms) that ended in it. */
    private final AtomicLongArray gcMillis = new AtomicLongArray(MAX_WINDOWS);
    /** Per window: loop-thread nanoseconds in onRequest, and the largest single call. */
    private final AtomicLongArray requestNanos = new AtomicLongArray(MAX_WINDOWS);
    private final AtomicLongArray requestMax = new AtomicLongArray(MAX_WINDOWS);
    /** Per window: loop-thread nanoseconds in onChunk (the handler's copy and its hand-off to the disk). */
    private final AtomicLongArray chunkNanos = new AtomicLongArray(MAX_WINDOWS);
    /** Per upload: windows in which its body was paused at some moment. */
    private final Map<Integer, BitSet> paused = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ScheduledExecutorService gcSampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rel-active-gc-sampler");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledFuture<?> gcTask;
    private long lastGcMillis = totalGcMillis();

    UploadWindowProbe(LoopGroup group, long startNanos, long windowNanos) {
        this.startNanos = startNanos;
        this.windowNanos = windowNanos;
        for (Loop loop : group.loops()) {
            tick(loop, System.nanoTime() + TICK_NANOS);
        }
        gcTask = gcSampler.scheduleAtFixedRate(this::sampleGc, 100, 100, TimeUnit.MILLISECONDS);
    }

    int window(long nanos) {
        return (int) Math.min(MAX_WINDOWS - 1, Math.max(0, (nanos - startNanos) / windowNanos));
    }

    private void tick(Loop loop, long due) {
        if (closed.get()) {
            return;
        }
        loop.schedule(() -> {
            long now = System.nanoTime();
            loopLate.accumulateAndGet(window(now), now - due, Math::max);
            tick(loop, now + TICK_NANOS);
        }, TICK_NANOS, TimeUnit.NANOSECONDS);
    }

    private static long totalGcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    private synchronized void sampleGc() {
        long now = totalGcMillis();
        if (now > lastGcMillis) {
            gcMillis.addAndGet(window(System.nanoTime()), now - lastGcMillis);
            lastGcMillis = now;
        }
    }

    void onRequest(long beganNanos) {
        long now = System.nanoTime();
        int w = window(now);
        requestNanos.addAndGet(w, now - beganNanos);
        requestMax.accumulateAndGet(w, now - beganNanos, Math::max);
    }

    void onChunk(long beganNanos) {
        long now = System.nanoTime();
        chunkNanos.addAndGet(window(now), now - beganNanos);
    }

    /** The handler paused or resumed upload {@code id}'s body. */
    void paused(int id) {
        BitSet b = paused.computeIfAbsent(id, k -> new BitSet());
        synchronized (b) {
            b.set(window(System.nanoTime()));
        }
    }

    /** Marks every window from the pause to now as paused: called on resume. */
    void resumed(int id, long pausedAtNanos) {
        BitSet b = paused.computeIfAbsent(id, k -> new BitSet());
        synchronized (b) {
            b.set(window(pausedAtNanos), window(System.nanoTime()) + 1);
        }
    }

    boolean wasPaused(int id, int w) {
        BitSet b = paused.get(id);
        if (b == null) {
            return false;
        }
        synchronized (b) {
            return b.get(w) || b.get(w + 1);
        }
    }

    /** The largest loop lateness (ms) in window {@code w} or the next. */
    long lateMillis(int w) {
        return TimeUnit.NANOSECONDS.toMillis(Math.max(loopLate.get(w), loopLate.get(Math.min(MAX_WINDOWS - 1, w + 1))));
    }

    /**
     * One line per window from {@code from} to {@code to}: loop lateness, GC, loop time in onRequest
     * and onChunk, the starved uploads of that window ({@code starvedPerWindow}), and the client
     * JVM's own loop lateness and GC ({@code clientStalls}: window to {lateness ms, GC ms}).
     */
    String table(int from, int to, Map<Integer, Integer> starvedPerWindow, Map<Integer, long[]> clientStalls) {
        StringBuilder sb = new StringBuilder("window: starved | server: max loop lateness ms | GC ms | onRequest ms (max)"
                + " | onChunk ms | client: max loop lateness ms | GC ms\n");
        for (int w = from; w <= to && w < MAX_WINDOWS; w++) {
            long[] c = clientStalls.getOrDefault(w, new long[2]);
            sb.append(String.format(Locale.ROOT, "  %4d: %6d | %6d | %6d | %7.1f (%5.1f) | %7.1f | %6d | %6d%n", w,
                    starvedPerWindow.getOrDefault(w, 0), TimeUnit.NANOSECONDS.toMillis(loopLate.get(w)), gcMillis.get(w),
                    requestNanos.get(w) / 1e6, requestMax.get(w) / 1e6, chunkNanos.get(w) / 1e6, c[0], c[1]));
        }
        return sb.toString();
    }

    /**
     * {@code <prefix> <window> <loop lateness ms> <GC ms>} for every window with either, one per line:
     * how the client JVM reports its own stalls to the test.
     */
    String stallLines(String prefix) {
        StringBuilder sb = new StringBuilder();
        for (int w = 0; w < MAX_WINDOWS; w++) {
            long late = TimeUnit.NANOSECONDS.toMillis(loopLate.get(w));
            if (late > 0 || gcMillis.get(w) > 0) {
                sb.append(prefix).append(' ').append(w).append(' ').append(late).append(' ').append(gcMillis.get(w)).append('\n');
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        closed.set(true);
        gcTask.cancel(false);
        gcSampler.shutdownNow();
    }
}
