package dev.loopwork.example;

import dev.loopwork.Cancellable;
import dev.loopwork.spi.LoopOps;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shutdown: queued tasks run, later ones are rejected, timers are dropped, the selector and thread go. */
class ShutdownTest extends LoopTestBase {

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void shutdownReleasesTheSelectorAndTheThread(Flavour flavour) throws Exception {
        FdCounts before = FdCounts.now();
        LoopOps loop = newLoop(flavour);
        onLoop(loop, () -> null); // running
        assertNotEquals(before, FdCounts.now(), "a running loop holds a selector");
        assertEquals(1, loopThreads().size(), "one thread runs or ticks the loop");
        get(loop.shutdown().toCompletableFuture());
        assertTrue(((SelectorLoop) loop).isTerminated());
        // The base class checks after the test that the thread is gone and the descriptors are back.
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void queuedTasksRunThenNewOnesAreRejected(Flavour flavour) throws Exception {
        LoopOps loop = newLoop(flavour);
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> {
            try {
                release.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int v = i;
            loop.execute(() -> ran.add(v));
        }
        Cancellable timer = loop.schedule(() -> ran.add(-1), 1, TimeUnit.HOURS);
        CompletionStage<Void> stage = loop.shutdown();
        assertSame(stage, loop.shutdown(), "shutdown is idempotent");
        RejectedExecutionException e = assertThrows(RejectedExecutionException.class, () -> loop.execute(() -> { }));
        assertTrue(e.getMessage().contains("shutting down") || e.getMessage().contains("terminated"), e.getMessage());
        assertThrows(RejectedExecutionException.class, () -> loop.schedule(() -> { }, 0, TimeUnit.SECONDS));
        release.countDown();
        get(stage.toCompletableFuture());
        assertEquals(100, ran.size(), "tasks queued before shutdown");
        for (int i = 0; i < 100; i++) {
            assertEquals(i, ran.get(i));
        }
        assertTrue(timer.isCancelled(), "a timer still waiting at shutdown is dropped");
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void shutdownFromInsideATask(Flavour flavour) throws Exception {
        LoopOps loop = newLoop(flavour);
        CompletableFuture<Boolean> rejectedInside = new CompletableFuture<>();
        loop.execute(() -> {
            loop.shutdown();
            try {
                loop.execute(() -> { });
                rejectedInside.complete(false);
            } catch (RejectedExecutionException e) {
                rejectedInside.complete(true);
            }
        });
        assertTrue(get(rejectedInside), "execute after shutdown, on the loop thread");
        get(loop.shutdown().toCompletableFuture());
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void everyAcceptedTaskRunsWhenShutdownRacesWithExecute(Flavour flavour) throws Exception {
        LoopOps loop = newLoop(flavour);
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Thread p = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < 100_000; i++) {
                        loop.execute(ran::incrementAndGet);
                        accepted.incrementAndGet();
                    }
                } catch (RejectedExecutionException | InterruptedException expected) {
                    // the loop is shutting down: this producer stops
                }
            }, "producer-" + t);
            p.start();
            producers.add(p);
        }
        start.countDown();
        loop.execute(loop::shutdown); // shuts down from the loop while the producers are busy
        for (Thread p : producers) {
            p.join(TIMEOUT_SECONDS * 1000);
            assertFalse(p.isAlive(), p + " did not finish");
        }
        get(loop.shutdown().toCompletableFuture());
        assertEquals(accepted.get(), ran.get(), "tasks that execute() accepted and tasks that ran");
    }
}
