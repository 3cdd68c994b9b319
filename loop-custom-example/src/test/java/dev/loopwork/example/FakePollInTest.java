package dev.loopwork.example;

import dev.loopwork.WrongThreadException;
import dev.loopwork.spi.Interest;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.Registration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The optional {@code fakePollIn} hook, on a socket that has nothing to read: the flavours that
 * implement it deliver READ exactly once on the next iteration, without any other wake-up; the
 * others answer {@code false} and deliver nothing.
 */
class FakePollInTest extends LoopTestBase {

    @ParameterizedTest
    @EnumSource(value = Flavour.class, names = {"THREAD_FAKEPOLLIN", "TICK_FAKEPOLLIN"})
    void aFakeIsDeliveredOnceWithoutSocketReadiness(Flavour flavour) throws Exception {
        LoopOps loop = newLoop(flavour);
        try (LoopbackPair pair = LoopbackPair.open(loop)) {
            List<Integer> reads = new ArrayList<>(); // loop thread only
            AtomicInteger calls = new AtomicInteger();
            CompletableFuture<Integer> delivered = new CompletableFuture<>();
            Registration reg = onLoop(loop, () -> loop.register(pair.server, Interest.READ, (r, ops) -> {
                calls.incrementAndGet();
                try {
                    reads.add(pair.server.read(ByteBuffer.allocate(16)));
                } catch (java.io.IOException e) {
                    delivered.completeExceptionally(e);
                }
                delivered.complete(ops);
            }));
            // Asked from a task on the loop thread, as the core does. Nothing else will wake the
            // loop: a thread loop that blocked in select now would never deliver it.
            assertTrue(onLoop(loop, () -> loop.fakePollIn(reg) & loop.fakePollIn(reg)), "fakePollIn answered");
            assertEquals(Interest.READ, get(delivered));
            iterations(loop, 5);
            assertEquals(1, calls.get(), "two requests before the delivery make one readiness, and only one");
            assertEquals(List.of(0), onLoop(loop, () -> new ArrayList<>(reads)), "the socket had nothing to read");
            onLoop(loop, () -> {
                reg.cancel();
                return null;
            });
        }
    }

    @ParameterizedTest
    @EnumSource(value = Flavour.class, names = {"THREAD_FAKEPOLLIN", "TICK_FAKEPOLLIN"})
    void aFakeAskedForInsideItsCallbackComesOnTheNextIteration(Flavour flavour) throws Exception {
        LoopOps loop = newLoop(flavour);
        try (LoopbackPair pair = LoopbackPair.open(loop)) {
            AtomicBoolean taskRan = new AtomicBoolean();
            CompletableFuture<Boolean> second = new CompletableFuture<>();
            AtomicInteger calls = new AtomicInteger();
            Registration reg = onLoop(loop, () -> loop.register(pair.server, Interest.READ, (r, ops) -> {
                if (calls.incrementAndGet() == 1) {
                    // A read budget ran out: ask again. A task submitted now runs in this iteration's
                    // task step, so it must have run before the second readiness arrives.
                    loop.fakePollIn(r);
                    loop.execute(() -> taskRan.set(true));
                } else {
                    r.cancel();
                    second.complete(taskRan.get());
                }
            }));
            onLoop(loop, () -> loop.fakePollIn(reg));
            assertTrue(get(second), "the second fake came in the same iteration as the first");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Flavour.class, names = {"THREAD_FAKEPOLLIN", "TICK_FAKEPOLLIN"})
    void aFakeIsDeliveredWhateverTheCurrentInterest(Flavour flavour) throws Exception {
        LoopOps loop = newLoop(flavour);
        try (LoopbackPair pair = LoopbackPair.open(loop)) {
            CompletableFuture<Integer> delivered = new CompletableFuture<>();
            Registration reg = onLoop(loop, () -> loop.register(pair.server, 0, (r, ops) -> delivered.complete(ops)));
            assertTrue(onLoop(loop, () -> loop.fakePollIn(reg)));
            assertEquals(Interest.READ, get(delivered), "a fake for a registration with interest 0");
            onLoop(loop, () -> {
                reg.cancel();
                return null;
            });
        }
    }

    @ParameterizedTest
    @EnumSource(value = Flavour.class, names = {"THREAD", "TICK"})
    void theDefaultAnswersFalseAndDeliversNothing(Flavour flavour) throws Exception {
        LoopOps loop = newLoop(flavour);
        try (LoopbackPair pair = LoopbackPair.open(loop)) {
            AtomicInteger calls = new AtomicInteger();
            Registration reg = onLoop(loop, () -> loop.register(pair.server, Interest.READ, (r, ops) -> calls.incrementAndGet()));
            assertFalse(onLoop(loop, () -> loop.fakePollIn(reg)));
            iterations(loop, 5);
            assertEquals(0, calls.get(), "readiness without data and without a fake");
            onLoop(loop, () -> {
                reg.cancel();
                return null;
            });
        }
    }

    @ParameterizedTest
    @EnumSource(value = Flavour.class, names = {"THREAD_FAKEPOLLIN", "TICK_FAKEPOLLIN"})
    void aFakeIsRefusedForACancelledRegistrationAndOffTheLoopThread(Flavour flavour) throws Exception {
        LoopOps loop = newLoop(flavour);
        LoopOps other = newLoop(flavour);
        try (LoopbackPair pair = LoopbackPair.open(loop)) {
            AtomicInteger calls = new AtomicInteger();
            Registration reg = onLoop(loop, () -> loop.register(pair.server, Interest.READ, (r, ops) -> calls.incrementAndGet()));
            assertThrows(WrongThreadException.class, () -> loop.fakePollIn(reg));
            IllegalArgumentException e = onLoop(other, () -> assertThrows(IllegalArgumentException.class,
                    () -> other.fakePollIn(reg)));
            assertTrue(e.getMessage().contains("not made by"), e.getMessage());
            assertFalse(onLoop(loop, () -> {
                loop.fakePollIn(reg); // queued, then cancelled before the next iteration
                reg.cancel();
                return loop.fakePollIn(reg);
            }), "a cancelled registration cannot get a fake");
            iterations(loop, 5);
            assertEquals(0, calls.get(), "a fake was delivered to a cancelled registration");
        }
    }
}
