package dev.loopwork.support;

import java.io.IOException;
import java.nio.channels.Selector;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The wake-up handshake between a loop that is about to block in its poller and producers on other
 * threads: the loop announces that it will sleep and then checks once more for work; a producer
 * that queued work wakes the poller only if the loop announced. A busy loop is therefore not woken
 * once per task ({@code Selector.wakeup()} is a system call), and no wake-up is lost: work queued
 * before the announcement is seen by the second check, work queued after it finds the flag set.
 *
 * <pre>{@code
 * Wakeup wakeup = new Wakeup(selector::wakeup);
 * // loop thread
 * if (wakeup.prepareToSleep(this::hasWork)) {
 *     try { selector.select(timeout); } finally { wakeup.awake(); }
 * } else {
 *     selector.selectNow();
 * }
 * // any thread, after queueing work
 * wakeup.wakeup();
 * }</pre>
 *
 * <h2>Threads</h2>
 * {@link #prepareToSleep} and {@link #awake} on the loop thread; {@link #wakeup} on any thread.
 */
public final class Wakeup {

    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final Runnable wake;

    /** @param wake what interrupts the poller ({@code selector::wakeup}, a write to an eventfd, ...) */
    public Wakeup(Runnable wake) {
        this.wake = Objects.requireNonNull(wake, "wake");
    }

    /**
     * Loop thread, right before a blocking poll: announces the sleep, then checks {@code hasWork}.
     *
     * @return {@code true} if the loop may block; {@code false} if work appeared (the announcement is
     *         withdrawn: poll without blocking)
     */
    public boolean prepareToSleep(BooleanSupplier hasWork) {
        sleeping.set(true);
        if (hasWork.getAsBoolean()) {
            sleeping.set(false);
            return false;
        }
        return true;
    }

    /**
     * Loop thread: the poll step of a selector loop. Blocks in {@code selector} for at most
     * {@code timeoutNanos} (-1: until woken; 0: not at all), rounded up to whole milliseconds so that
     * it never returns before a timer is due, unless {@code hasWork} says something is waiting (then
     * {@code selectNow}). This instance must wake that selector.
     *
     * @return what the select returned: the number of keys it added to the selected set
     */
    public int select(Selector selector, long timeoutNanos, BooleanSupplier hasWork) throws IOException {
        if (timeoutNanos == 0 || !prepareToSleep(hasWork)) {
            return selector.selectNow();
        }
        try {
            return selector.select(timeoutNanos < 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos + 999_999)));
        } finally {
            awake();
        }
    }

    /** Loop thread, after the poll returned. */
    public void awake() {
        sleeping.set(false);
    }

    /** Any thread: interrupts the poller if the loop is blocked in it, or about to be. Cheap otherwise. */
    public void wakeup() {
        if (sleeping.get() && sleeping.compareAndSet(true, false)) {
            wake.run();
        }
    }

    @Override
    public String toString() {
        return "Wakeup{" + (sleeping.get() ? "sleeping" : "awake") + '}';
    }
}
