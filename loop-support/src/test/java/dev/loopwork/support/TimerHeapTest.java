package dev.loopwork.support;

import dev.loopwork.Cancellable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class TimerHeapTest {

    private static final Runnable NOTHING = () -> { };

    /** Plays the loop: waits as a poll would, up to the next deadline, then runs what is due. */
    private static void runUntil(TimerHeap timers, java.util.function.BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            long wait = timers.nanosUntilNext();
            LockSupport.parkNanos(wait < 0 ? 1_000_000 : Math.min(wait, 1_000_000));
            timers.runDue(NOTHING);
        }
    }

    @Test
    void neverEarlyAndInDeadlineOrderWithRandomCancels() throws Exception {
        TimerHeap timers = new TimerHeap("t", NOTHING);
        SplittableRandom random = new SplittableRandom(1);
        List<String> problems = new ArrayList<>();
        List<long[]> deadlinesRun = new ArrayList<>(); // bounds of each run timer's deadline: [lo, hi]
        AtomicInteger ran = new AtomicInteger();
        int live = 0;
        List<Cancellable> all = new ArrayList<>();
        List<Boolean> cancelled = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            long delayMicros = random.nextInt(20_000);
            long deadline = System.nanoTime() + delayMicros * 1000; // at most the heap's own deadline
            long[] bounds = {deadline, 0};
            int id = i;
            all.add(timers.schedule(() -> {
                long now = System.nanoTime();
                if (now - deadline < 0) {
                    problems.add("timer " + id + " ran " + (deadline - now) / 1000 + " µs early");
                }
                deadlinesRun.add(bounds);
                ran.incrementAndGet();
            }, delayMicros, TimeUnit.MICROSECONDS));
            bounds[1] = System.nanoTime() + delayMicros * 1000; // at least the heap's own deadline
            cancelled.add(false);
        }
        for (int i = 0; i < all.size(); i += 2) {
            assertTrue(all.get(i).cancel());
            cancelled.set(i, true);
        }
        for (boolean c : cancelled) {
            live += c ? 0 : 1;
        }
        assertEquals(live, timers.size(), "cancelled timers leave the heap at the next call");
        int expected = live;
        runUntil(timers, () -> ran.get() == expected);
        assertEquals(List.of(), problems);
        for (int i = 1; i < deadlinesRun.size(); i++) {
            // Out of order only if the earlier-run timer's deadline was surely later than the next one's.
            assertTrue(deadlinesRun.get(i - 1)[0] - deadlinesRun.get(i)[1] <= 0, "timers out of deadline order at " + i);
        }
        assertEquals(0, timers.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(cancelled.get(i), all.get(i).isCancelled());
        }
    }

    @Test
    void aCancelledTaskIsLetGoOfAtOnce() {
        TimerHeap timers = new TimerHeap("t", NOTHING);
        Object[] payload = {new byte[1 << 20]};
        WeakReference<Object> ref = new WeakReference<>(payload[0]);
        Cancellable c = timers.schedule(new Holder(payload[0]), 1, TimeUnit.HOURS);
        payload[0] = null;
        assertTrue(c.cancel());
        // Not even the heap's next call is needed: the handle itself no longer holds the task.
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
        }
        assertNull(ref.get(), "a cancelled timer still held its task (and what the task holds) until its deadline");
        assertEquals(0, timers.size());
    }

    private record Holder(Object held) implements Runnable {
        @Override
        public void run() {
            held.hashCode();
        }
    }

    @Test
    void cancelFromAnotherThreadRacesFairlyWithTheStart() throws Exception {
        for (int round = 0; round < 200; round++) {
            TimerHeap timers = new TimerHeap("t", NOTHING);
            AtomicInteger ran = new AtomicInteger();
            Cancellable c = timers.schedule(ran::incrementAndGet, 0, TimeUnit.NANOSECONDS);
            CompletableFuture<Boolean> cancel = CompletableFuture.supplyAsync(c::cancel);
            timers.runDue(NOTHING);
            boolean won = cancel.get(10, TimeUnit.SECONDS);
            timers.runDue(NOTHING);
            assertEquals(won ? 0 : 1, ran.get(), "cancel() answered " + won);
            assertEquals(won, c.isCancelled());
        }
    }

    @Test
    void aTimerThatRanCannotBeCancelled() {
        TimerHeap timers = new TimerHeap("t", NOTHING);
        AtomicInteger ran = new AtomicInteger();
        Cancellable c = timers.schedule(ran::incrementAndGet, 0, TimeUnit.MILLISECONDS);
        runUntil(timers, () -> ran.get() == 1);
        assertFalse(c.cancel());
        assertFalse(c.isCancelled());
    }

    @Test
    void aThrowingTimerDoesNotStopTheOthers() {
        TimerHeap timers = new TimerHeap("t", NOTHING);
        AtomicInteger ran = new AtomicInteger();
        timers.schedule(() -> {
            throw new IllegalStateException("boom (expected by the test)");
        }, 0, TimeUnit.MILLISECONDS);
        timers.schedule(ran::incrementAndGet, 0, TimeUnit.MILLISECONDS);
        runUntil(timers, () -> ran.get() == 1);
    }

    @Test
    void scheduleWakesTheLoopAndRejectsBadInput() {
        AtomicInteger wakeups = new AtomicInteger();
        TimerHeap timers = new TimerHeap("t", wakeups::incrementAndGet);
        timers.schedule(NOTHING, Long.MAX_VALUE, TimeUnit.DAYS); // clamped, no overflow: far in the future
        assertEquals(1, wakeups.get());
        assertTrue(timers.nanosUntilNext() > TimeUnit.DAYS.toNanos(365));
        assertThrows(IllegalArgumentException.class, () -> timers.schedule(NOTHING, -1, TimeUnit.MILLISECONDS));
        assertThrows(NullPointerException.class, () -> timers.schedule(null, 1, TimeUnit.MILLISECONDS));
    }

    @Test
    void afterCloseNothingRunsAndWaitingTimersAreCancelled() {
        TimerHeap timers = new TimerHeap("t", NOTHING);
        AtomicInteger ran = new AtomicInteger();
        Cancellable due = timers.schedule(ran::incrementAndGet, 0, TimeUnit.MILLISECONDS);
        Cancellable later = timers.schedule(ran::incrementAndGet, 1, TimeUnit.HOURS);
        timers.close();
        RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
                () -> timers.schedule(NOTHING, 1, TimeUnit.MILLISECONDS));
        assertTrue(e.getMessage().contains("loop 't'"), e.getMessage());
        LockSupport.parkNanos(2_000_000);
        assertEquals(0, timers.runDue(NOTHING));
        assertEquals(2, timers.cancelAll());
        assertTrue(due.isCancelled() && later.isCancelled());
        assertEquals(0, ran.get());
    }
}
