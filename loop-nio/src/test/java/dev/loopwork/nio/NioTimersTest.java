package dev.loopwork.nio;

import dev.loopwork.Cancellable;
import dev.loopwork.spi.LoopConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cancelled timers must not keep their tasks, or what those captured, until their deadline. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NioTimersTest {

    @Test
    void cancelledTimersArePurgedAndLetGoOfTheirTasks() throws Exception {
        NioLoop loop = NioLoop.start(new LoopConfig("nio-timers-test", 0));
        try {
            Object captured = new Object();
            WeakReference<Object> ref = new WeakReference<>(captured);
            List<Cancellable> timers = new ArrayList<>();
            CompletableFuture<Void> scheduled = new CompletableFuture<>();
            Object[] holder = {captured};
            loop.execute(() -> {
                for (int i = 0; i < 10_000; i++) {
                    Object c = holder[0];
                    timers.add(loop.schedule(() -> c.hashCode(), 1, TimeUnit.HOURS));
                }
                holder[0] = null;
                scheduled.complete(null);
            });
            scheduled.get(10, TimeUnit.SECONDS);
            captured = null;
            for (Cancellable t : timers) {
                assertTrue(t.cancel());
            }
            CompletableFuture<Integer> queued = new CompletableFuture<>();
            // A timer run makes the loop purge; a short one does it without waiting an hour.
            loop.schedule(() -> loop.execute(() -> queued.complete(loop.queuedTimers())), 1, TimeUnit.MILLISECONDS);
            int left = queued.get(10, TimeUnit.SECONDS);
            assertTrue(left < 64, "cancelled timers still queued: " + left);
            for (int i = 0; i < 20 && ref.get() != null; i++) {
                System.gc();
            }
            assertNull(ref.get(), "a cancelled timer's task must not keep what it captured reachable");
            assertTrue(timers.get(0).cancel(), "cancel stays true once cancelled");
        } finally {
            loop.shutdown().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
