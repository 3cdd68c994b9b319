package dev.loopwork.tck;

import dev.loopwork.Cancellable;
import dev.loopwork.Loop;
import dev.loopwork.LoopGroup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Case 10: tasks and timers of a {@link Loop}. Tasks from one thread run in submission order, on the
 * loop thread, never inside another task; {@code inLoop()} is true there and only there; timers fire
 * in deadline order and never early; a cancelled timer never runs, whether cancelled from the loop
 * or from another thread.
 */
final class TaskCases {

    private static final int TASKS_PER_THREAD = 2000;

    private final TckContext ctx;

    TaskCases(TckContext ctx) {
        this.ctx = ctx;
    }

    void executeKeepsOrderPerThreadAndRunsOnTheLoop() {
        LoopGroup g = ctx.group();
        Loop loop = g.loops().get(0);
        assertFalse(loop.inLoop(), "inLoop() on the test thread");
        List<String> ran = new ArrayList<>(); // touched only on the loop thread
        AtomicInteger offLoop = new AtomicInteger();
        CompletableFuture<Void> helperDone = ctx.async("submitter", () -> {
            submit(loop, "B", ran, offLoop);
            return null;
        });
        submit(loop, "A", ran, offLoop);
        ctx.await(helperDone, "the second submitting thread");
        CompletableFuture<List<String>> all = new CompletableFuture<>();
        loop.execute(() -> all.complete(List.copyOf(ran)));
        List<String> seen = ctx.await(all, "the last task");

        assertEquals(0, offLoop.get(), "tasks that ran where inLoop() was false");
        assertEquals(2 * TASKS_PER_THREAD, seen.size(), "tasks run");
        for (String thread : List.of("A", "B")) {
            int expected = 0;
            for (String s : seen) {
                if (s.startsWith(thread)) {
                    assertEquals(thread + expected, s, "tasks of thread " + thread + " out of submission order");
                    expected++;
                }
            }
        }
        if (g.loops().size() > 1) {
            Loop other = g.loops().get(1);
            CompletableFuture<Boolean> crossed = new CompletableFuture<>();
            loop.execute(() -> crossed.complete(other.inLoop()));
            assertFalse(ctx.await(crossed, "inLoop() of another loop"), "another loop's inLoop() was true on this loop");
        }
    }

    private static void submit(Loop loop, String name, List<String> ran, AtomicInteger offLoop) {
        for (int i = 0; i < TASKS_PER_THREAD; i++) {
            String id = name + i;
            loop.execute(() -> {
                if (!loop.inLoop()) {
                    offLoop.incrementAndGet();
                }
                ran.add(id);
            });
        }
    }

    void taskSubmittedFromATaskRunsAfterIt() {
        Loop loop = ctx.group().loops().get(0);
        List<String> order = new ArrayList<>();
        CompletableFuture<List<String>> done = new CompletableFuture<>();
        loop.execute(() -> {
            order.add("outer start");
            loop.execute(() -> {
                order.add("inner");
                done.complete(List.copyOf(order));
            });
            order.add("outer end");
        });
        assertEquals(List.of("outer start", "outer end", "inner"), ctx.await(done, "the inner task"),
                "a task submitted from a task must run after it returns, never inside it");
    }

    void timersFireInDeadlineOrderNeverEarly() {
        Loop loop = ctx.group().loops().get(0);
        long[] delaysMs = {60, 20, 0, 40};
        // Each timer's deadline lies between (the time before its schedule call + delay) and (the
        // time after it + delay); a thread preempted between two calls shifts the later ones. Only
        // pairs whose deadline windows do not overlap have an order the loop must keep.
        long[] before = new long[delaysMs.length];
        long[] after = new long[delaysMs.length];
        List<Integer> order = new ArrayList<>(); // loop thread only
        List<String> early = new ArrayList<>();
        CompletableFuture<List<Integer>> done = new CompletableFuture<>();
        for (int i = 0; i < delaysMs.length; i++) {
            int timer = i;
            long d = delaysMs[i];
            before[i] = System.nanoTime();
            loop.schedule(() -> {
                long elapsed = System.nanoTime() - before[timer];
                if (elapsed < TimeUnit.MILLISECONDS.toNanos(d)) {
                    early.add(d + " ms timer ran after " + elapsed / 1000 + " µs");
                }
                if (!loop.inLoop()) {
                    early.add(d + " ms timer ran off the loop");
                }
                order.add(timer);
                if (order.size() == delaysMs.length) {
                    done.complete(List.copyOf(order));
                }
            }, d, TimeUnit.MILLISECONDS);
            after[i] = System.nanoTime();
        }
        List<Integer> fired = ctx.await(done, "all timers");
        for (int a = 0; a < delaysMs.length; a++) {
            for (int b = 0; b < delaysMs.length; b++) {
                long latestA = after[a] + TimeUnit.MILLISECONDS.toNanos(delaysMs[a]);
                long earliestB = before[b] + TimeUnit.MILLISECONDS.toNanos(delaysMs[b]);
                if (latestA < earliestB) {
                    assertTrue(fired.indexOf(a) < fired.indexOf(b), "timer order: the " + delaysMs[a]
                            + " ms timer's deadline was before the " + delaysMs[b] + " ms timer's, yet it fired after it"
                            + " (fired: " + fired.stream().map(t -> delaysMs[t] + "ms").toList() + ")");
                }
            }
        }
        assertTrue(early.isEmpty(), "timers must not fire before their delay: " + early);
        assertThrows(IllegalArgumentException.class, () -> loop.schedule(() -> { }, -1, TimeUnit.MILLISECONDS),
                "schedule() with a negative delay");
    }

    void cancelledTimerNeverRuns() {
        Loop loop = ctx.group().loops().get(0);
        AtomicBoolean ranFromOutside = new AtomicBoolean();
        Cancellable outside = loop.schedule(() -> ranFromOutside.set(true), 50, TimeUnit.MILLISECONDS);
        assertTrue(outside.cancel(), "cancel() of a pending timer");
        assertTrue(outside.isCancelled(), "isCancelled() after cancel()");
        // The Javadoc leaves the return value of a repeated cancel() open ("idempotent" vs "true if
        // this call prevented it"): only the state is checked.
        outside.cancel();
        assertTrue(outside.isCancelled(), "isCancelled() after a second cancel()");

        AtomicBoolean ranFromLoop = new AtomicBoolean();
        Cancellable inside = loop.schedule(() -> ranFromLoop.set(true), 30, TimeUnit.MILLISECONDS);
        CompletableFuture<Boolean> cancelledOnLoop = new CompletableFuture<>();
        loop.execute(() -> cancelledOnLoop.complete(inside.cancel()));
        assertTrue(ctx.await(cancelledOnLoop, "cancel() on the loop"), "cancel() from the loop of a pending timer");

        // A timer due well after both cancelled ones: once it ran, they would have run too.
        CompletableFuture<Void> later = new CompletableFuture<>();
        loop.schedule(() -> later.complete(null), 200, TimeUnit.MILLISECONDS);
        ctx.await(later, "a later timer");
        assertFalse(ranFromOutside.get(), "a timer cancelled from another thread ran");
        assertFalse(ranFromLoop.get(), "a timer cancelled on the loop ran");

        CompletableFuture<Void> ran = new CompletableFuture<>();
        Cancellable done = loop.schedule(() -> ran.complete(null), 1, TimeUnit.MILLISECONDS);
        ctx.await(ran, "a timer left alone");
        CompletableFuture<Void> after = new CompletableFuture<>();
        loop.execute(() -> after.complete(null)); // the timer's task has surely returned now
        ctx.await(after, "a task after the timer");
        assertFalse(done.cancel(), "cancel() after the timer ran prevents nothing");
        assertFalse(done.isCancelled(), "isCancelled() of a timer that ran");
    }
}
