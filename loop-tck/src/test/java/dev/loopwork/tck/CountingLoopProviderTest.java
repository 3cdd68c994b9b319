package dev.loopwork.tck;

import dev.loopwork.nio.NioLoopProvider;
import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CountingLoopProviderTest {

    @Test
    void countsTasksTimersThreadsAndShutdown() throws Exception {
        CountingLoopProvider p = new CountingLoopProvider(new NioLoopProvider());
        assertEquals("nio", p.name());
        LoopOps ops = p.newLoop(new LoopConfig("tck-counting-test", 0));
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        ops.execute(() -> { });
        ops.execute(() -> thread.complete(Thread.currentThread()));
        CompletableFuture<Void> timer = new CompletableFuture<>();
        ops.schedule(() -> timer.complete(null), 1, TimeUnit.MILLISECONDS);
        Thread loopThread = thread.get(10, TimeUnit.SECONDS);
        timer.get(10, TimeUnit.SECONDS);

        CountingLoopOps counted = p.loops().get(0);
        assertEquals(2, counted.tasksRun());
        assertEquals(2, counted.tasksSubmitted());
        assertEquals(1, counted.timersRun());
        assertTrue(p.loopThreads().contains(loopThread), p.toString());
        assertEquals(0, counted.shutdownCalls());

        ops.shutdown().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(1, counted.shutdownCalls());
        assertTrue(counted.shutdownDone().isDone());
        loopThread.join(10_000);
        assertTrue(!loopThread.isAlive(), "the loop thread ends after shutdown");
    }
}
