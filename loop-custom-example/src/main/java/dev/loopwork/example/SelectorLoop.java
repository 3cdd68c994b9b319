package dev.loopwork.example;

import dev.loopwork.Cancellable;
import dev.loopwork.WrongThreadException;
import dev.loopwork.spi.Interest;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.Pollable;
import dev.loopwork.spi.Ready;
import dev.loopwork.spi.Registration;
import dev.loopwork.spi.jdk.JdkSockets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The part of the example loop that does not care who drives it: a {@link Selector} for readiness,
 * a lock-free queue for tasks, a heap for timers, and a queue of fake POLLINs. {@link ThreadLoop}
 * drives it from a thread of its own, {@link TickLoop} from the application's thread.
 *
 * <h2>One iteration</h2>
 * <ol>
 *   <li><b>Poll</b>: {@code select} with a timeout up to the next timer, or {@code selectNow} when
 *       the driver may not block or when something is waiting (a task, a fake POLLIN, shutdown).</li>
 *   <li><b>Dispatch</b>: every selected key whose registration is still valid, READ/WRITE limited
 *       to its interest (the JDK selector is level-triggered, as the SPI asks), merged with the
 *       fake POLLINs that were queued before this iteration.</li>
 *   <li><b>Timers</b> that are due.</li>
 *   <li><b>Tasks</b>: the ones queued when this step starts; later ones wait for the next
 *       iteration, so that tasks cannot starve I/O.</li>
 * </ol>
 * An exception from a callback, timer or task is logged and the loop goes on.
 *
 * <h2>Threads</h2>
 * {@link #execute}, {@link #schedule}, {@link #shutdown}, {@link #inLoop} and the cancel of a timer
 * work from any thread. Everything else happens on the loop thread, which is why the selector, the
 * heap and the registrations need no locks.
 *
 * <h2>Cancelling a registration</h2>
 * A JDK selector lets go of a cancelled key (and, if the channel was closed, of its file descriptor)
 * only at its next select. The SPI promises that the socket is released before the next task runs,
 * so a cancel sets a flag and the loop does a {@code selectNow} before it runs the next timer or task.
 *
 * <h2>Shutdown</h2>
 * {@link #shutdown()} rejects new tasks and timers at once; the loop runs the tasks already queued,
 * drops the timers, closes the selector and then completes the returned stage.
 */
public abstract class SelectorLoop implements LoopOps {

    private static final Logger log = LoggerFactory.getLogger(SelectorLoop.class);

    private static final int RUNNING = 0;
    private static final int SHUTTING_DOWN = 1;
    private static final int TERMINATED = 2;

    private final String name;
    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Timers timers = new Timers();
    private final AtomicInteger state = new AtomicInteger(RUNNING);
    /** True while the loop is (about to be) blocked in select: only then does a producer call wakeup(). */
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final CompletionStage<Void> terminationStage = terminated.minimalCompletionStage();

    // Loop thread only.
    private final FakeQueue fakes = new FakeQueue();
    private final Consumer<SelectorRegistration> fireFake = reg -> fire(reg, Interest.READ);
    private final ArrayList<SelectionKey> readyKeys = new ArrayList<>();
    private final ArrayList<Runnable> batch = new ArrayList<>();
    private boolean deregistrationPending;

    SelectorLoop(String name) {
        this.name = Objects.requireNonNull(name, "name");
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for loop '" + name + "'", e);
        }
    }

    /** The name given at construction (the thread name from {@code LoopConfig}). */
    public final String name() {
        return name;
    }

    @Override
    public final Registration register(Pollable pollable, int interest, Ready ready) {
        Objects.requireNonNull(pollable, "pollable");
        Objects.requireNonNull(ready, "ready");
        Interest.require(interest);
        requireLoopThread("register");
        SelectableChannel channel = JdkSockets.channel(pollable); // IllegalArgumentException for foreign sockets
        int jdkOps = SelectorRegistration.jdkOps(channel, interest);
        SelectionKey old = channel.keyFor(selector);
        if (old != null) {
            if (old.isValid()) {
                throw new IllegalStateException(pollable + " is already registered with loop '" + name + "': "
                        + old.attachment());
            }
            // Cancelled but not yet deregistered: the JDK refuses a new key until the next select.
            selectNow();
        }
        try {
            SelectionKey key = channel.register(selector, 0);
            SelectorRegistration reg = new SelectorRegistration(this, key, pollable, interest, ready);
            key.attach(reg);
            key.interestOps(jdkOps);
            return reg;
        } catch (ClosedChannelException e) {
            throw new UncheckedIOException("cannot register " + pollable + " with loop '" + name + "': it is closed", e);
        } catch (IllegalBlockingModeException e) {
            throw new IllegalArgumentException("cannot register " + pollable + ": it is in blocking mode", e);
        }
    }

    @Override
    public final void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (state.get() != RUNNING) {
            throw rejected("execute");
        }
        tasks.offer(task);
        if (state.get() != RUNNING && tasks.remove(task)) {
            // shutdown() raced with this call and the loop may have drained for the last time.
            throw rejected("execute");
        }
        wakeup();
    }

    @Override
    public final Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(unit, "unit");
        ScheduledTask t = timers.newTask(task, delay, unit);
        if (inLoop()) {
            if (state.get() != RUNNING) {
                throw rejected("schedule");
            }
            timers.add(t);
        } else {
            // The heap is the loop's; the hop also wakes the loop so that it recomputes its select timeout.
            execute(() -> timers.add(t));
        }
        return t;
    }

    @Override
    public final CompletionStage<Void> shutdown() {
        if (state.compareAndSet(RUNNING, SHUTTING_DOWN)) {
            log.debug("loop '{}' shutting down", name);
            wakeup();
        }
        return terminationStage;
    }

    /** Whether {@link #shutdown()} was called. */
    public final boolean isShutdown() {
        return state.get() != RUNNING;
    }

    /** Whether the loop has stopped and closed its selector. */
    public final boolean isTerminated() {
        return state.get() == TERMINATED;
    }

    /**
     * Queues a fake POLLIN for {@code registration}: it gets {@link Interest#READ} on the next
     * iteration, whether or not its socket is readable, and the loop does not block until then.
     * Subclasses that implement {@link LoopOps#fakePollIn} call this.
     *
     * @return {@code false} for a cancelled registration: there is nobody left to deliver to
     */
    final boolean queueFakePollIn(Registration registration) {
        requireLoopThread("fakePollIn");
        SelectorRegistration reg = own(registration);
        if (!reg.isValid()) {
            return false;
        }
        fakes.add(reg);
        return true;
    }

    /**
     * One iteration (see the class comment), on the loop thread; closes the loop at the end if it
     * is shutting down and no task is left.
     *
     * @param mayBlock whether the poll may wait for readiness, a task or the next timer
     * @return whether a readiness, fake, timer or task ran
     */
    final boolean runOnce(boolean mayBlock) {
        if (state.get() == TERMINATED) {
            return false;
        }
        timers.purgeIfWorthIt();
        poll(mayBlock);
        int work = dispatch();
        work += runTimers();
        work += runTasks();
        if (state.get() == SHUTTING_DOWN && tasks.isEmpty()) {
            close();
        }
        return work > 0;
    }

    final void requireLoopThread(String what) {
        if (!inLoop()) {
            throw new WrongThreadException(what + " must be called on the thread of loop '" + name + "', not on '"
                    + Thread.currentThread().getName() + "'; hand the work over with execute()");
        }
    }

    /** Called by {@link SelectorRegistration#cancel()}. */
    final void deregistrationPending() {
        deregistrationPending = true;
    }

    private void poll(boolean mayBlock) {
        long timeout = mayBlock ? blockMillis() : 0; // -1: until woken, 0: do not block
        if (timeout != 0) {
            sleeping.set(true);
            if (hasImmediateWork()) { // re-check: a producer that came before the set saw no sleeper
                timeout = 0;
            }
        }
        try {
            if (timeout == 0) {
                selector.selectNow();
            } else {
                selector.select(timeout < 0 ? 0 : timeout);
            }
        } catch (IOException e) {
            log.warn("select on loop '{}' failed; going on", name, e);
        } finally {
            sleeping.set(false);
        }
    }

    private long blockMillis() {
        if (hasImmediateWork()) {
            return 0;
        }
        long nanos = timers.nanosUntilNext(System.nanoTime());
        if (nanos <= 0) {
            return nanos; // -1: no timer; 0: one is due
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
    }

    private boolean hasImmediateWork() {
        return !tasks.isEmpty() || !fakes.isEmpty() || state.get() != RUNNING
                || !selector.selectedKeys().isEmpty(); // left by a flush between tasks
    }

    private int dispatch() {
        Set<SelectionKey> selected = selector.selectedKeys();
        readyKeys.addAll(selected); // a copy: callbacks may register, and a register may select
        selected.clear();
        fakes.beginDispatch(); // those asked for from here on wait for the next iteration
        int work = 0;
        for (SelectionKey key : readyKeys) {
            SelectorRegistration reg = (SelectorRegistration) key.attachment();
            if (!reg.isValid()) {
                continue; // cancelled or closed by an earlier callback of this iteration
            }
            int ops = reg.readyOps();
            if (fakes.takeDue(reg)) {
                ops |= Interest.READ; // one callback for the real and the fake readiness
            }
            if (ops != 0) {
                fire(reg, ops);
                work++;
            }
        }
        readyKeys.clear();
        return work + fakes.deliverRest(fireFake);
    }

    private void fire(SelectorRegistration reg, int ops) {
        try {
            reg.ready.onReady(reg, ops);
        } catch (Throwable t) {
            log.error("onReady({}) of {} on loop '{}' threw; the loop goes on", Interest.toString(ops), reg, name, t);
        }
        reg.sync();
    }

    private int runTimers() {
        long now = System.nanoTime();
        int ran = 0;
        ScheduledTask t;
        while ((t = timers.pollDue(now)) != null) {
            flushDeregistrations();
            run(t.task, "timer");
            ran++;
        }
        return ran;
    }

    private int runTasks() {
        Runnable r;
        while ((r = tasks.poll()) != null) {
            batch.add(r);
        }
        int n = batch.size();
        try {
            for (int i = 0; i < n; i++) {
                flushDeregistrations();
                run(batch.get(i), "task");
            }
        } finally {
            batch.clear();
        }
        return n;
    }

    private void run(Runnable r, String kind) {
        try {
            r.run();
        } catch (Throwable t) {
            log.error("{} {} on loop '{}' threw; the loop goes on", kind, r, name, t);
        }
    }

    private void flushDeregistrations() {
        if (deregistrationPending) {
            selectNow(); // what it selects stays in selectedKeys for the next dispatch
        }
    }

    private void selectNow() {
        deregistrationPending = false;
        try {
            selector.selectNow();
        } catch (IOException e) {
            log.warn("selectNow on loop '{}' failed; going on", name, e);
        }
    }

    private void close() {
        selectNow(); // deregister what was cancelled, so that the count below is true
        int keysLeft = selector.keys().size();
        release();
        if (keysLeft > 0) {
            log.debug("loop '{}' terminated with {} registrations still open (their sockets stay open)", name, keysLeft);
        }
        terminated.complete(null);
    }

    /**
     * Loop thread: the loop itself broke (not a callback: those are caught). Stops it at once,
     * releases the selector and fails the shutdown stage with {@code cause}, so that nobody waits
     * for a loop that will never run again.
     */
    final void abandon(Throwable cause) {
        if (state.get() != TERMINATED) { // only the loop thread terminates: no race with this check
            state.set(SHUTTING_DOWN); // execute() rejects from now on
            int tasksDropped = tasks.size();
            tasks.clear();
            release();
            log.error("loop '{}' broke and was stopped; {} queued tasks dropped", name, tasksDropped, cause);
            terminated.completeExceptionally(cause);
        }
    }

    private void release() {
        int timersDropped = timers.cancelAll();
        fakes.clear();
        try {
            selector.close();
        } catch (IOException e) {
            log.warn("closing the selector of loop '{}' failed", name, e);
        }
        state.set(TERMINATED);
        log.debug("loop '{}' terminated; {} timers dropped", name, timersDropped);
    }

    private void wakeup() {
        if (sleeping.get() && sleeping.compareAndSet(true, false)) {
            selector.wakeup();
        }
    }

    private SelectorRegistration own(Registration registration) {
        Objects.requireNonNull(registration, "registration");
        if (registration instanceof SelectorRegistration r && r.loop == this) {
            return r;
        }
        throw new IllegalArgumentException(registration + " was not made by loop '" + name + "'");
    }

    private RejectedExecutionException rejected(String what) {
        return new RejectedExecutionException(what + " on loop '" + name + "': it is "
                + (isTerminated() ? "terminated" : "shutting down"));
    }

    /** Loop thread only: timers in the heap (for tests). */
    final int timerCount() {
        return timers.size();
    }

    @Override
    public String toString() {
        int keys;
        try {
            keys = selector.keys().size();
        } catch (RuntimeException e) { // closed selector
            keys = 0;
        }
        String s = switch (state.get()) {
            case RUNNING -> sleeping.get() ? "selecting" : "running";
            case SHUTTING_DOWN -> "shutting down";
            default -> "terminated";
        };
        return getClass().getSimpleName() + "{'" + name + "', " + s + ", keys=" + keys + ", tasks=" + tasks.size()
                + ", " + timers + ", fakes=" + fakes.size() + '}';
    }
}
