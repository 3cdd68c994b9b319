package dev.loopwork.nio;

import dev.loopwork.Cancellable;
import dev.loopwork.WrongThreadException;
import dev.loopwork.spi.Interest;
import dev.loopwork.spi.LoopConfig;
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
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loop over one {@link Selector} on its own thread.
 *
 * <h2>One iteration</h2>
 * Poll (blocking until the next timer only when no task, fake readiness, cancelled key or
 * unprocessed selected key is waiting), dispatch ready keys, dispatch fake read readiness, run due
 * timers, run the tasks that were queued when the batch started, and, if a key was cancelled,
 * select once more so the selector lets go of the channel before any later task runs.
 *
 * <h2>Wake-ups</h2>
 * {@code execute} from another thread wakes the selector at most once per iteration: the flag is
 * cleared just before the loop decides whether to block, so a task queued after that decision
 * always finds the flag clear and wakes it.
 */
final class NioLoop implements LoopOps, Runnable {

    private static final Logger log = LoggerFactory.getLogger(NioLoop.class);
    private static final int RUNNING = 0;
    private static final int SHUTTING_DOWN = 1;
    private static final int TERMINATED = 2;

    private final String name;
    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final PriorityQueue<NioTimer> timers = new PriorityQueue<>();
    private final AtomicLong timerSequence = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger cancelledTimers = new java.util.concurrent.atomic.AtomicInteger();
    private final ArrayDeque<NioRegistration> fakes = new ArrayDeque<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private volatile int state = RUNNING;
    private boolean keysCancelled;
    private long iterations;
    private long fakesDelivered;

    private NioLoop(LoopConfig config) throws IOException {
        this.name = config.threadName();
        this.selector = Selector.open();
        this.thread = new Thread(this, name);
    }

    static NioLoop start(LoopConfig config) {
        NioLoop loop;
        try {
            loop = new NioLoop(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for " + config.threadName(), e);
        }
        loop.thread.start();
        return loop;
    }

    @Override
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    void requireInLoop(String what) {
        if (!inLoop()) {
            throw new WrongThreadException(what + " must run on loop thread " + name + ", not on "
                    + Thread.currentThread().getName());
        }
    }

    @Override
    public Registration register(Pollable pollable, int interest, Ready ready) {
        Objects.requireNonNull(pollable, "pollable");
        Objects.requireNonNull(ready, "ready");
        Interest.require(interest);
        requireInLoop("register");
        if (state == TERMINATED) {
            throw new RejectedExecutionException("loop " + name + " has terminated");
        }
        SelectableChannel channel = JdkSockets.channel(pollable);
        NioRegistration reg = new NioRegistration(this, pollable, ready, interest);
        try {
            SelectionKey key = channel.register(selector, 0, reg);
            reg.attach(key);
            key.interestOps(NioRegistration.toSelectorOps(key, interest));
        } catch (ClosedChannelException e) {
            throw new UncheckedIOException("cannot register " + pollable + ": it is closed", e);
        }
        return reg;
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (state != RUNNING) {
            throw new RejectedExecutionException("loop " + name + " is shut down");
        }
        tasks.add(task);
        if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        Objects.requireNonNull(task, "task");
        if (delay < 0) {
            throw new IllegalArgumentException("delay must be >= 0, was " + delay);
        }
        NioTimer timer = new NioTimer(this, System.nanoTime() + unit.toNanos(delay), timerSequence.incrementAndGet(),
                task);
        if (inLoop()) {
            timers.add(timer);
        } else {
            execute(() -> timers.add(timer));
        }
        return timer;
    }

    @Override
    public boolean fakePollIn(Registration registration) {
        requireInLoop("fakePollIn");
        NioRegistration reg = (NioRegistration) registration;
        if (!reg.isValid()) {
            return false;
        }
        if (!reg.fakeQueued) {
            reg.fakeQueued = true;
            fakes.add(reg);
        }
        return true;
    }

    void keyCancelled() {
        keysCancelled = true;
    }

    @Override
    public CompletionStage<Void> shutdown() {
        if (state == RUNNING) {
            state = SHUTTING_DOWN;
            selector.wakeup();
        }
        return terminated;
    }

    @Override
    public void run() {
        try {
            while (state == RUNNING || !tasks.isEmpty()) {
                iterations++;
                poll();
                dispatchSelected();
                dispatchFakes();
                runTimers();
                runTasks();
                if (keysCancelled) {
                    keysCancelled = false;
                    selector.selectNow(); // deregisters cancelled keys: their channels really close now
                }
            }
        } catch (Throwable t) {
            log.error("loop {} failed and stops", name, t);
        } finally {
            state = TERMINATED;
            close();
        }
    }

    private void poll() throws IOException {
        wakeupPending.set(false);
        if (!tasks.isEmpty() || !fakes.isEmpty() || !selector.selectedKeys().isEmpty() || state != RUNNING) {
            selector.selectNow();
            return;
        }
        NioTimer next = timers.peek();
        if (next == null) {
            selector.select();
            return;
        }
        long waitNanos = next.deadline - System.nanoTime();
        if (waitNanos <= 0) {
            selector.selectNow();
        } else {
            selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos + 999_999)));
        }
    }

    private void dispatchSelected() {
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            if (!key.isValid()) {
                continue;
            }
            NioRegistration reg = (NioRegistration) key.attachment();
            // Masked with the interest as it is now: an earlier callback of this iteration may have
            // dropped a direction, and the SPI promises no readiness outside the interest.
            int ops = NioRegistration.fromSelectorOps(key.readyOps()) & reg.interest();
            if (ops != 0) {
                invoke(reg, ops);
            }
        }
    }

    private void dispatchFakes() {
        for (int n = fakes.size(); n > 0; n--) {
            NioRegistration reg = fakes.poll();
            reg.fakeQueued = false;
            if (reg.isValid()) {
                fakesDelivered++;
                invoke(reg, Interest.READ);
            }
        }
    }

    private void invoke(NioRegistration reg, int ops) {
        try {
            reg.ready.onReady(reg, ops);
        } catch (Throwable t) {
            log.error("loop {}: readiness handler for {} threw; the loop goes on", name, reg, t);
        }
    }

    private void runTimers() {
        long now = System.nanoTime();
        for (NioTimer t; (t = timers.peek()) != null && t.deadline - now <= 0; ) {
            timers.poll();
            if (t.start()) {
                runTask(t.task());
            }
        }
        // Cancelled timers wait in the heap for their deadline; once they are the majority, drop
        // them all in one pass (amortized O(1) per cancel, and the heap never holds more than twice
        // the live timers).
        int cancelled = cancelledTimers.get();
        if (cancelled > 64 && cancelled > timers.size() / 2) {
            timers.removeIf(NioTimer::isCancelled);
            cancelledTimers.set(0); // cancelled timers that already expired inflate the count: start over
        }
    }

    /** A timer of this loop was cancelled (any thread). */
    void timerCancelled() {
        cancelledTimers.incrementAndGet();
    }

    /** Timers in the queue, cancelled or not (loop thread; for tests). */
    int queuedTimers() {
        return timers.size();
    }

    private void runTasks() {
        // Only the tasks queued so far: later ones wait for the next poll, so tasks cannot starve I/O.
        for (int n = tasks.size(); n > 0; n--) {
            Runnable task = tasks.poll();
            if (task == null) {
                break;
            }
            runTask(task);
        }
    }

    private void runTask(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            log.error("loop {}: task {} threw; the loop goes on", name, task, t);
        }
    }

    private void close() {
        for (SelectionKey key : selector.keys()) {
            if (key.isValid()) {
                log.debug("loop {}: {} still registered at shutdown; cancelling", name, key.attachment());
                key.cancel();
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("loop {}: closing the selector failed", name, e);
        }
        terminated.complete(null);
    }

    @Override
    public String toString() {
        return "NioLoop{" + name + ", state=" + (state == RUNNING ? "running" : state == SHUTTING_DOWN
                ? "shutting down" : "terminated") + ", keys=" + (selector.isOpen() ? selector.keys().size() : 0)
                + ", tasks=" + tasks.size() + ", timers=" + timers.size() + ", fakes=" + fakes.size()
                + ", iterations=" + iterations + ", fakesDelivered=" + fakesDelivered + '}';
    }
}
