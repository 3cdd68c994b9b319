package dev.loopwork.example;

import dev.loopwork.Cancellable;
import dev.loopwork.spi.LoopOps;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Timers: order, the loop thread, cancel from any thread, bad delays, purging of cancelled timers. */
class TimersTest extends LoopTestBase {

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void aTimerRunsOnTheLoopThread(Flavour flavour) throws Exception {
        LoopOps loop = newLoop(flavour);
        CompletableFuture<Boolean> ran = new CompletableFuture<>();
        Cancellable c = loop.schedule(() -> ran.complete(loop.inLoop()), 5, TimeUnit.MILLISECONDS);
        assertTrue(get(ran), "inLoop() inside the timer");
        assertFalse(c.cancel(), "cancel after the run prevents nothing");
        assertFalse(c.isCancelled());
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void timersRunByDeadlineAndEqualDeadlinesInScheduleOrder(Flavour flavour) throws Exception {
        LoopOps loop = newLoop(flavour);
        List<String> order = new ArrayList<>();
        CompletableFuture<List<String>> done = new CompletableFuture<>();
        loop.execute(() -> {
            // The late one first; a gap of a second leaves no doubt about which deadline is earlier.
            loop.schedule(() -> {
                order.add("late");
                done.complete(new ArrayList<>(order));
            }, 1, TimeUnit.SECONDS);
            for (int i = 0; i < 5; i++) {
                int v = i;
                loop.schedule(() -> order.add("early-" + v), 0, TimeUnit.MILLISECONDS);
            }
        });
        assertEquals(List.of("early-0", "early-1", "early-2", "early-3", "early-4", "late"), get(done));
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void aCancelFromAnotherThreadBeforeTheDeadlineStopsTheTimer(Flavour flavour) throws Exception {
        LoopOps loop = newLoop(flavour);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocking = new CountDownLatch(1);
        loop.execute(() -> { // holds the loop so that the timer cannot be due-and-run before the cancel
            blocking.countDown();
            try {
                release.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(blocking.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        AtomicBoolean ran = new AtomicBoolean();
        Cancellable timer = loop.schedule(() -> ran.set(true), 0, TimeUnit.MILLISECONDS);
        assertTrue(timer.cancel(), "the first cancel prevents the run");
        assertTrue(timer.isCancelled());
        assertTrue(timer.cancel(), "a second cancel still says the timer is cancelled");
        release.countDown();
        CompletableFuture<Void> later = new CompletableFuture<>();
        loop.schedule(() -> later.complete(null), 0, TimeUnit.MILLISECONDS);
        get(later);
        iterations(loop, 3);
        assertFalse(ran.get(), "the cancelled timer ran");
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void aNegativeDelayIsRejected(Flavour flavour) {
        LoopOps loop = newLoop(flavour);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loop.schedule(() -> { }, -1, TimeUnit.MILLISECONDS));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void aHugeDelayDoesNotOverflowIntoThePast(Flavour flavour) throws Exception {
        LoopOps loop = newLoop(flavour);
        AtomicBoolean ran = new AtomicBoolean();
        Cancellable c = loop.schedule(() -> ran.set(true), Long.MAX_VALUE, TimeUnit.DAYS);
        iterations(loop, 3);
        assertFalse(ran.get(), "a timer due in Long.MAX_VALUE days ran");
        assertTrue(c.cancel());
    }

    /** Cancelled idle timeouts must not keep what their tasks hold (a connection) until the deadline. */
    @ParameterizedTest
    @EnumSource(Flavour.class)
    void aCancelledTimerLetsGoOfItsTaskAtOnce(Flavour flavour) throws Exception {
        LoopOps loop = newLoop(flavour);
        Object[] payload = {new byte[1 << 20]};
        java.lang.ref.WeakReference<Object> ref = new java.lang.ref.WeakReference<>(payload[0]);
        List<Cancellable> timers = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            Object held = payload[0];
            timers.add(loop.schedule(() -> held.hashCode(), 1, TimeUnit.HOURS));
        }
        payload[0] = null;
        timers.forEach(Cancellable::cancel); // from the test thread
        iterations(loop, 2);
        await().atMost(Duration.ofSeconds(TIMEOUT_SECONDS)).until(() -> {
            System.gc();
            return ref.get() == null;
        });
    }
}
