package dev.loopwork.example;

import dev.loopwork.Cancellable;
import dev.loopwork.WrongThreadException;
import dev.loopwork.spi.Interest;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.Pollable;
import dev.loopwork.spi.Ready;
import dev.loopwork.spi.Registration;
import dev.loopwork.support.FakeReadiness;
import dev.loopwork.support.SelectorRegistration;
import dev.loopwork.support.TaskQueue;
import dev.loopwork.support.TimerHeap;
import dev.loopwork.support.Wakeup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The example loop: a JDK {@link Selector} for readiness, and the building blocks of
 * {@code loopwork-support} for the rest ({@link TaskQueue}, {@link TimerHeap}, {@link FakeReadiness},
 * {@link Wakeup}, {@link SelectorRegistration} with its interest translation and the connect trap). {@link ThreadLoop} drives it from a thread of its own,
 * {@link TickLoop} from the application's {@code tick()}.
 *
 * <h2>One iteration ({@link #runOnce})</h2>
 * Poll (block up to the next timer only when nothing waits: no task, no fake, not shutting down);
 * dispatch what the poll found, ready bits masked with the current interest right before each call,
 * merged with the fakes due; due timers; the tasks queued when the task step began.
 *
 * <h2>Threads</h2>
 * {@code execute}, {@code schedule}, {@code shutdown}, {@code inLoop} and a timer's cancel work from any
 * thread; everything else on the loop thread, so the selector and the registrations need no locks.
 *
 * <h2>Cancelling a registration</h2>
 * A selector lets go of a cancelled key (and of a closed channel's descriptor) only at its next
 * select; the SPI promises the socket is released before the next task, so a cancel sets a flag and
 * the loop does a {@code selectNow} before the next timer or task.
 *
 * <h2>Shutdown and errors</h2>
 * {@link #shutdown()} rejects new tasks and timers at once; the queued tasks run, waiting timers are
 * cancelled, the selector is closed, then the stage completes. A callback, timer or task that throws
 * is logged and the loop goes on; if the loop itself breaks, {@link #terminate} fails the stage.
 */
public abstract class SelectorLoop implements LoopOps, SelectorRegistration.Owner {

    private static final Logger log = LoggerFactory.getLogger(SelectorLoop.class);

    final String name;
    private final boolean hook;
    private final Selector selector;
    private final Wakeup wakeup;
    private final TaskQueue tasks;
    private final TimerHeap timers;
    private final FakeReadiness<SelectorRegistration> fakes = new FakeReadiness<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final CompletionStage<Void> stage = terminated.minimalCompletionStage();
    private volatile boolean done;
    private boolean deregistrationPending;

    /** @param hook whether this loop implements {@code fakePollIn}; without it the SPI's default runs */
    SelectorLoop(String name, boolean hook) {
        this.name = name;
        this.hook = hook;
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot open a selector for loop '" + name + "'", e);
        }
        wakeup = new Wakeup(selector::wakeup);
        tasks = new TaskQueue(name, wakeup::wakeup);
        timers = new TimerHeap(name, wakeup::wakeup);
    }

    @Override
    public final Registration register(Pollable pollable, int interest, Ready ready) {
        return SelectorRegistration.register(this, selector, pollable, interest, ready, () -> select(0));
    }

    @Override
    public final void execute(Runnable task) {
        tasks.offer(task);
    }

    @Override
    public final Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        return timers.schedule(task, delay, unit);
    }

    @Override
    public final boolean fakePollIn(Registration registration) {
        if (!hook) {
            return LoopOps.super.fakePollIn(registration); // the SPI's default: false, the core falls back to a task
        }
        requireLoopThread("fakePollIn");
        SelectorRegistration reg = SelectorRegistration.ownedBy(registration, this);
        if (reg.isValid()) {
            fakes.request(reg);
        }
        return reg.isValid();
    }

    @Override
    public final CompletionStage<Void> shutdown() {
        if (tasks.close()) {
            timers.close();
            wakeup.wakeup();
        }
        return stage;
    }

    /** Whether the loop has stopped and closed its selector. */
    @Override
    public final boolean isTerminated() {
        return done;
    }

    /** One iteration (see the class comment); returns whether anything ran. Loop thread. */
    final boolean runOnce(boolean mayBlock) {
        if (done) {
            return false;
        }
        select(mayBlock ? timers.nanosUntilNext() : 0);
        int work = dispatch() + timers.runDue(this::flushDeregistrations) + tasks.runBatch(this::flushDeregistrations);
        if (tasks.isClosed() && tasks.isEmpty()) {
            terminate(null);
        }
        return work > 0;
    }

    /** Polls, blocking at most {@code timeoutNanos} (-1: until woken) unless work waits; also deregisters cancelled keys. */
    private void select(long timeoutNanos) {
        deregistrationPending = false;
        try {
            wakeup.select(selector, timeoutNanos, // the poll must not block while any of these waits:
                    () -> !tasks.isEmpty() || tasks.isClosed() || fakes.hasQueued() || !selector.selectedKeys().isEmpty());
        } catch (IOException e) {
            log.warn("select on loop '{}' failed; going on", name, e);
        }
    }

    private int dispatch() {
        var ready = new ArrayList<>(selector.selectedKeys()); // a copy: a callback's register may select
        selector.selectedKeys().clear();
        fakes.beginDispatch(); // fakes asked for from here on wait for the next iteration
        int n = 0;
        for (var key : ready) {
            var reg = (SelectorRegistration) key.attachment();
            int ops = reg.readyBits();
            if (fakes.takeDue(reg)) {
                ops |= Interest.READ; // one callback for the real and the fake readiness
            }
            n += fire(reg, ops);
        }
        return n + fakes.deliverRest(reg -> fire(reg, Interest.READ));
    }

    private int fire(SelectorRegistration reg, int ops) {
        if (ops == 0 || !reg.isValid()) {
            return 0; // nothing within the interest, or cancelled by an earlier callback of this iteration
        }
        try {
            reg.ready().onReady(reg, ops);
        } catch (Throwable t) {
            log.error("onReady({}) of {} on loop '{}' threw; the loop goes on", Interest.toString(ops), reg, name, t);
        }
        reg.sync();
        return 1;
    }

    private void flushDeregistrations() {
        if (deregistrationPending) {
            select(0); // what it selects stays in selectedKeys for the next dispatch
        }
    }

    /** Loop thread: stops the loop; {@code cause} non-null when the loop itself broke. */
    final void terminate(Throwable cause) {
        if (done) {
            return;
        }
        int dropped = cause == null ? 0 : tasks.clear();
        timers.cancelAll();
        fakes.clear();
        try {
            selector.close();
        } catch (IOException e) {
            log.warn("closing the selector of loop '{}' failed", name, e);
        }
        done = true;
        if (cause == null) {
            terminated.complete(null);
        } else {
            log.error("loop '{}' broke and was stopped; {} queued tasks dropped", name, dropped, cause);
            terminated.completeExceptionally(cause);
        }
    }

    @Override
    public final void requireLoopThread(String what) {
        if (!inLoop()) {
            throw new WrongThreadException(what + " must be called on the thread of loop '" + name + "', not on '"
                    + Thread.currentThread().getName() + "'; hand the work over with execute()");
        }
    }

    /** A registration was cancelled: no fake for it, and the selector must let go of it before the next task. */
    @Override
    public final void cancelled(SelectorRegistration registration) {
        fakes.remove(registration);
        deregistrationPending = true;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{'" + name + "', " + (done ? "terminated" : tasks.isClosed()
                ? "shutting down" : "running") + (hook ? ", fakePollIn" : "") + ", " + tasks + ", " + timers + ", "
                + fakes + '}';
    }
}
