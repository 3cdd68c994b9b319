package dev.loopwork.support;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class WakeupTest {

    @Test
    void onlyASleepingLoopIsWokenAndWorkFoundAtTheLastMomentCancelsTheSleep() {
        AtomicInteger wakes = new AtomicInteger();
        Wakeup w = new Wakeup(wakes::incrementAndGet);
        w.wakeup();
        assertEquals(0, wakes.get(), "an awake loop is not woken");
        assertFalse(w.prepareToSleep(() -> true), "work found: do not block");
        w.wakeup();
        assertEquals(0, wakes.get());
        assertTrue(w.prepareToSleep(() -> false));
        w.wakeup();
        w.wakeup();
        assertEquals(1, wakes.get(), "one wake-up per sleep");
        w.awake();
    }

    /** A selector loop blocking with no timeout, fed from another thread: no wake-up may be lost. */
    @Test
    void noWakeupIsLostWithARealSelector() throws Exception {
        try (Selector selector = Selector.open()) {
            Wakeup w = new Wakeup(selector::wakeup);
            Queue<Integer> work = new ConcurrentLinkedQueue<>();
            int total = 20_000;
            CompletableFuture<Integer> consumed = CompletableFuture.supplyAsync(() -> {
                int n = 0;
                try {
                    while (n < total) {
                        if (w.prepareToSleep(() -> !work.isEmpty())) {
                            try {
                                selector.select(); // no timeout: a lost wake-up hangs here
                            } finally {
                                w.awake();
                            }
                        } else {
                            selector.selectNow();
                        }
                        while (work.poll() != null) {
                            n++;
                        }
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return n;
            });
            for (int i = 0; i < total; i++) {
                work.add(i);
                w.wakeup();
            }
            assertEquals(total, consumed.get(20, TimeUnit.SECONDS));
        }
    }
}
