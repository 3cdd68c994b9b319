package dev.loopwork.nativeloop.testkit;

import dev.loopwork.Cancellable;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A native ({@code NativeLoopOps}) loop at the SPI level, first part: tasks, shutdown and timers.
 * {@link NativeLoopOpsContract} adds readiness and sockets; each transport's test extends that.
 */
public abstract class NativeLoopTasksContract extends LoopTestSupport {

    @Test
    public void tasksRunInOrderOnTheLoopThread() throws Exception {
        assertFalse(ops.inLoop());
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<String> thread = new CompletableFuture<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            ops.execute(() -> order.add(n));
        }
        ops.execute(() -> thread.complete(Thread.currentThread().getName() + '/' + ops.inLoop()));
        assertEquals(threadName + "/true", await(thread));
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add(i);
        }
        assertEquals(expected, order);
    }
    @Test
    public void shutdownRunsQueuedTasksThenRejectsNewOnes() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        ops.execute(() -> {
            try {
                gate.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < 10; i++) {
            ops.execute(ran::incrementAndGet);
        }
        CompletableFuture<Void> done = ops.shutdown().toCompletableFuture();
        assertThrows(RejectedExecutionException.class, () -> ops.execute(ran::incrementAndGet));
        assertThrows(RejectedExecutionException.class, () -> ops.schedule(ran::incrementAndGet, 1, TimeUnit.MILLISECONDS));
        gate.countDown();
        await(done);
        assertEquals(10, ran.get());
        assertSame(done.isDone(), ops.shutdown().toCompletableFuture().isDone(), "shutdown is idempotent");
    }
    @Test
    public void timersRunInDeadlineOrderAndCancelledOnesNever() throws Exception {
        List<String> fired = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> last = new CompletableFuture<>();
        Cancellable never = ops.schedule(() -> fired.add("cancelled"), 50, TimeUnit.MILLISECONDS);
        ops.schedule(() -> {
            fired.add("later");
            last.complete(null);
        }, 200, TimeUnit.MILLISECONDS);
        ops.schedule(() -> fired.add("sooner"), 0, TimeUnit.MILLISECONDS);
        assertTrue(never.cancel());
        assertTrue(never.isCancelled());
        assertFalse(never.cancel(), "a second cancel changes nothing");
        await(last);
        assertEquals(List.of("sooner", "later"), fired);
        assertThrows(IllegalArgumentException.class, () -> ops.schedule(() -> { }, -1, TimeUnit.SECONDS));
    }
    @Test
    public void overdueTimersScheduledFromAnotherThreadStillRunInDeadlineOrder() throws Exception {
        CountDownLatch scheduled = new CountDownLatch(1);
        long[] lateUntil = new long[1];
        // A slow callback: the loop is busy until every timer below is overdue.
        ops.execute(() -> {
            try {
                scheduled.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (long now = System.nanoTime(); now - lateUntil[0] < 0; now = System.nanoTime()) {
                java.util.concurrent.locks.LockSupport.parkNanos(lateUntil[0] - now);
            }
        });
        List<String> fired = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> all = new CompletableFuture<>();
        long start = System.nanoTime();
        for (long d : new long[] {60, 20, 0, 40}) {
            ops.schedule(() -> {
                fired.add(d + "ms" + (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(d) ? " early" : ""));
                if (fired.size() == 4) {
                    all.complete(null);
                }
            }, d, TimeUnit.MILLISECONDS);
        }
        lateUntil[0] = start + TimeUnit.MILLISECONDS.toNanos(80);
        scheduled.countDown();
        await(all);
        assertEquals(List.of("0ms", "20ms", "40ms", "60ms"), fired);
    }
    @Test
    public void aThrowingTimerDoesNotStopTheLoop() throws Exception {
        ops.schedule(() -> {
            throw new IllegalStateException("boom (expected by the test)");
        }, 0, TimeUnit.MILLISECONDS);
        CompletableFuture<Boolean> after = new CompletableFuture<>();
        ops.schedule(() -> after.complete(true), 10, TimeUnit.MILLISECONDS);
        assertTrue(await(after));
    }
}
