package dev.loopwork.example;

import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Makes loops for a test and checks, after it, that nothing leaked: every loop terminated, its
 * thread gone, and the process holds as many sockets, pipes, epoll and eventfd descriptors as before.
 */
abstract class LoopTestBase {

    static final String THREAD_PREFIX = "example-test-";
    static final long TIMEOUT_SECONDS = 20;
    private static final AtomicInteger loopNumber = new AtomicInteger();

    private final List<LoopOps> loops = new ArrayList<>();
    private FdCounts fdsBefore;

    @BeforeEach
    void countFds() {
        fdsBefore = FdCounts.now();
    }

    @AfterEach
    void nothingLeaked() throws Exception {
        for (LoopOps loop : loops) {
            loop.shutdown().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(TIMEOUT_SECONDS)).untilAsserted(() -> {
            assertEquals(List.of(), loopThreads(), "loop threads still alive");
            assertEquals(fdsBefore, FdCounts.now(), "descriptors before and after the test");
        });
    }

    /** A new loop of {@code flavour}, through its provider, shut down after the test. */
    LoopOps newLoop(Flavour flavour) {
        LoopOps loop = flavour.provider().newLoop(
                new LoopConfig(THREAD_PREFIX + flavour.name().toLowerCase() + '-' + loopNumber.incrementAndGet(), 0));
        loops.add(loop);
        return loop;
    }

    static List<String> loopThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(THREAD_PREFIX) && t.isAlive()) {
                names.add(t.getName());
            }
        }
        return names;
    }

    /** Runs {@code work} on the loop and returns its result. */
    static <T> T onLoop(LoopOps loop, Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return get(result);
    }

    /**
     * Completes after {@code n} tasks that each submit the next from inside the loop: as tasks
     * submitted during a batch run in the next iteration, the loop has polled at least {@code n}
     * times by then.
     */
    static void iterations(LoopOps loop, int n) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(new Runnable() {
            int left = n;

            @Override
            public void run() {
                if (--left <= 0) {
                    done.complete(null);
                } else {
                    loop.execute(this);
                }
            }
        });
        get(done);
    }

    static <T> T get(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new AssertionError("nothing after " + TIMEOUT_SECONDS + " s", e);
        }
    }
}
