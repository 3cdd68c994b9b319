package dev.loopwork.example;

import dev.loopwork.spi.LoopOps;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tasks: order, the loop thread, and a task that throws. */
class TasksTest extends LoopTestBase {

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void tasksFromOneThreadRunInSubmissionOrderOnTheLoopThread(Flavour flavour) throws Exception {
        LoopOps loop = newLoop(flavour);
        List<Integer> seen = new ArrayList<>(); // touched on the loop thread only
        List<Boolean> inLoop = new ArrayList<>();
        int n = 2_000;
        for (int i = 0; i < n; i++) {
            int v = i;
            loop.execute(() -> {
                seen.add(v);
                inLoop.add(loop.inLoop());
            });
        }
        List<Integer> result = onLoop(loop, () -> new ArrayList<>(seen));
        assertEquals(n, result.size());
        for (int i = 0; i < n; i++) {
            assertEquals(i, result.get(i), "task at position " + i);
        }
        assertFalse(onLoop(loop, () -> inLoop.contains(false)), "inLoop() was false inside a task");
        assertFalse(loop.inLoop(), "the test thread is not the loop thread");
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void tasksFromSeveralThreadsKeepEachThreadsOrder(Flavour flavour) throws Exception {
        LoopOps loop = newLoop(flavour);
        int threads = 4;
        int perThread = 1_000;
        List<List<Integer>> seen = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            seen.add(new ArrayList<>());
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread p = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    int v = i;
                    loop.execute(() -> seen.get(id).add(v));
                }
            }, "producer-" + t);
            p.start();
            producers.add(p);
        }
        start.countDown();
        for (Thread p : producers) {
            p.join(TIMEOUT_SECONDS * 1000);
            assertFalse(p.isAlive(), p + " did not finish");
        }
        List<List<Integer>> result = onLoop(loop, () -> {
            List<List<Integer>> copy = new ArrayList<>();
            seen.forEach(l -> copy.add(new ArrayList<>(l)));
            return copy;
        });
        for (int t = 0; t < threads; t++) {
            List<Integer> got = result.get(t);
            assertEquals(perThread, got.size(), "tasks of producer " + t);
            for (int i = 0; i < perThread; i++) {
                assertEquals(i, got.get(i), "producer " + t + ", position " + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void aTaskSubmittedFromATaskRunsAfterItReturns(Flavour flavour) throws Exception {
        LoopOps loop = newLoop(flavour);
        List<String> events = new ArrayList<>();
        CompletableFuture<List<String>> done = new CompletableFuture<>();
        loop.execute(() -> {
            events.add("outer starts");
            loop.execute(() -> {
                events.add("inner");
                done.complete(new ArrayList<>(events));
            });
            events.add("outer ends");
        });
        assertEquals(List.of("outer starts", "outer ends", "inner"), get(done));
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void aThrowingTaskDoesNotStopTheLoop(Flavour flavour) throws Exception {
        LoopOps loop = newLoop(flavour);
        loop.execute(() -> {
            throw new IllegalStateException("thrown on purpose by a test task");
        });
        assertTrue(onLoop(loop, loop::inLoop), "a task after the throwing one ran on the loop");
    }
}
