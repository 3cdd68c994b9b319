package dev.loopwork.support;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class TaskQueueTest {

    private static final Runnable NOTHING = () -> { };

    @Test
    void aTaskOfferedByATaskWaitsForTheNextBatch() {
        TaskQueue tasks = new TaskQueue("t", NOTHING);
        List<String> order = new ArrayList<>();
        tasks.offer(() -> {
            order.add("a");
            tasks.offer(() -> order.add("c"));
        });
        tasks.offer(() -> order.add("b"));
        assertEquals(2, tasks.runBatch(NOTHING));
        assertEquals(List.of("a", "b"), order);
        assertFalse(tasks.isEmpty());
        assertEquals(1, tasks.runBatch(NOTHING));
        assertEquals(List.of("a", "b", "c"), order);
        assertTrue(tasks.isEmpty());
    }

    @Test
    void beforeEachRunsBeforeEveryTaskAndAThrowingTaskDoesNotStopTheBatch() {
        TaskQueue tasks = new TaskQueue("t", NOTHING);
        List<String> order = new ArrayList<>();
        tasks.offer(() -> {
            throw new IllegalStateException("boom (expected by the test)");
        });
        tasks.offer(() -> order.add("task"));
        assertEquals(2, tasks.runBatch(() -> order.add("before")));
        assertEquals(List.of("before", "before", "task"), order);
    }

    @Test
    void everyOfferWakesAndOrderIsKeptPerThread() throws Exception {
        AtomicInteger wakeups = new AtomicInteger();
        TaskQueue tasks = new TaskQueue("t", wakeups::incrementAndGet);
        List<String> ran = new ArrayList<>();
        ExecutorService producers = Executors.newFixedThreadPool(2);
        try {
            for (String p : List.of("A", "B")) {
                producers.submit(() -> {
                    for (int i = 0; i < 1000; i++) {
                        String id = p + i;
                        tasks.offer(() -> ran.add(id));
                    }
                });
            }
            producers.shutdown();
            assertTrue(producers.awaitTermination(10, TimeUnit.SECONDS));
        } finally {
            producers.shutdownNow();
        }
        tasks.runBatch(NOTHING);
        assertEquals(2000, ran.size());
        assertEquals(2000, wakeups.get());
        for (String p : List.of("A", "B")) {
            List<String> mine = ran.stream().filter(s -> s.startsWith(p)).toList();
            for (int i = 0; i < mine.size(); i++) {
                assertEquals(p + i, mine.get(i));
            }
        }
    }

    /** Racing with close(), an offer is either rejected or run, never lost. */
    @Test
    void anOfferRacingWithCloseIsRejectedOrRunNeverLost() throws Exception {
        for (int round = 0; round < 50; round++) {
            TaskQueue tasks = new TaskQueue("t", NOTHING);
            AtomicInteger accepted = new AtomicInteger();
            AtomicInteger ran = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService producers = Executors.newFixedThreadPool(2);
            List<Future<?>> fs = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                fs.add(producers.submit(() -> {
                    go.await();
                    for (int i = 0; i < 500; i++) {
                        try {
                            tasks.offer(ran::incrementAndGet);
                            accepted.incrementAndGet();
                        } catch (RejectedExecutionException e) {
                            return null;
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            tasks.runBatch(NOTHING);
            assertTrue(tasks.close());
            assertFalse(tasks.close());
            for (Future<?> f : fs) {
                f.get(10, TimeUnit.SECONDS);
            }
            producers.shutdown();
            while (!tasks.isEmpty()) {
                tasks.runBatch(NOTHING);
            }
            assertEquals(accepted.get(), ran.get(), "accepted tasks that never ran");
        }
    }

    @Test
    void closedRejectsNamingTheLoopButQueuedTasksStillRun() {
        TaskQueue tasks = new TaskQueue("my-loop", NOTHING);
        AtomicInteger ran = new AtomicInteger();
        tasks.offer(ran::incrementAndGet);
        tasks.close();
        RejectedExecutionException e = assertThrows(RejectedExecutionException.class, () -> tasks.offer(NOTHING));
        assertTrue(e.getMessage().contains("'my-loop'"), e.getMessage());
        assertEquals(1, tasks.runBatch(NOTHING));
        assertEquals(1, ran.get());
        assertThrows(NullPointerException.class, () -> new TaskQueue("x", NOTHING).offer(null));
    }
}
