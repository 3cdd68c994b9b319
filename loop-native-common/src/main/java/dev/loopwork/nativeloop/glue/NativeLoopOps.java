package dev.loopwork.nativeloop.glue;

import dev.loopwork.Cancellable;
import dev.loopwork.WrongThreadException;
import dev.loopwork.spi.Interest;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.Pollable;
import dev.loopwork.spi.Ready;
import dev.loopwork.spi.Registration;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandle;
import io.netty.channel.IoRegistration;
import io.netty.util.concurrent.Future;

import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@link LoopOps} over a Netty 4.2 {@link IoEventLoop} whose {@code IoHandler} is a transport's poller
 * (epoll, kqueue) wrapped in a {@link FakePollInHandler}. No Netty {@code Channel} is involved: sockets
 * are registered as raw {@link IoHandle}s and readiness goes straight to the core's {@link Ready}.
 *
 * <h2>Two ways to run</h2>
 * {@link NativeLoops#threaded} runs the loop on a thread of its own (a {@code SingleThreadIoEventLoop});
 * {@link NativeLoops#manual} leaves it to the application's thread (a {@code ManualIoEventLoop}). This
 * class does not care which: both are an {@code IoEventLoop}.
 *
 * <h2>Timers</h2>
 * In deadline order, never early, also when the loop is late and several are overdue at once (see
 * {@link Timers}); a timer that throws is logged.
 *
 * <h2>Readiness</h2>
 * Level-triggered, as the SPI requires: while a socket stays ready and interested it is reported on
 * every iteration. Per iteration: poll, deliver readiness, deliver queued fakes, run due timers and
 * tasks (Netty runs tasks for at most its task quantum before polling again).
 *
 * <h2>Shutdown</h2>
 * {@link #shutdown()} rejects further {@code execute}/{@code schedule} at once, lets Netty run the tasks
 * already queued, cancels pending timers, closes whatever is still registered (the core should have
 * closed it all), and closes the poller's descriptors. The returned stage completes after that, when
 * the loop thread's work has ended (threaded) or inside the run that terminated it (manual).
 */
public final class NativeLoopOps implements LoopOps {

    private final String name;
    private final NativeBackend backend;
    private final IoEventLoop loop;
    private final FakePollInHandler fakes;
    private final CompletableFuture<Void> terminated;
    private final Timers timers;
    private volatile boolean shutdownRequested;
    private int registrations; // loop thread only

    NativeLoopOps(String name, NativeBackend backend, IoEventLoop loop, FakePollInHandler fakes,
                  CompletableFuture<Void> terminated) {
        this.name = name;
        this.backend = backend;
        this.loop = loop;
        this.fakes = fakes;
        this.terminated = terminated;
        this.timers = new Timers(this, loop);
        terminated.thenRun(timers::cancelAll);
    }

    /** The loop's name (its thread's name when threaded). */
    public String name() {
        return name;
    }

    /** The Netty loop underneath (tests, diagnostics). */
    public IoEventLoop eventLoop() {
        return loop;
    }

    @Override
    public boolean inLoop() {
        return loop.inEventLoop();
    }

    /** @throws WrongThreadException naming {@code what}, this loop and the caller if not on the loop thread */
    public void requireInLoop(String what) {
        if (!loop.inEventLoop()) {
            throw new WrongThreadException(what + " must run on the thread of loop '" + name + "', not on '"
                    + Thread.currentThread().getName() + "'");
        }
    }

    @Override
    public Registration register(Pollable pollable, int interest, Ready ready) {
        Objects.requireNonNull(pollable, "pollable");
        Objects.requireNonNull(ready, "ready");
        Interest.require(interest);
        requireInLoop("register");
        UnixPollable own = ownPollable(pollable);
        if (!own.isOpen()) {
            throw new UncheckedIOException("cannot register " + pollable + " with loop '" + name + "': it is closed",
                    new ClosedChannelException());
        }
        NativeRegistration existing = own.registration();
        if (existing != null) {
            throw new IllegalStateException(pollable + " is already registered (" + existing + "); cancel that first");
        }
        NativeRegistration r = backend.newRegistration(this, own, ready);
        Future<IoRegistration> f = loop.register((IoHandle) r);
        if (!f.isDone()) {
            // Netty registers synchronously on its own thread; anything else means the loop changed under us.
            throw new IllegalStateException("loop '" + name + "' did not register " + pollable + " at once");
        }
        if (!f.isSuccess()) {
            throw registrationFailed(pollable, f.cause());
        }
        IoRegistration io = f.getNow();
        try {
            r.start(io, interest);
        } catch (RuntimeException e) {
            io.cancel();
            throw e;
        }
        own.registrationStarted(r);
        registrations++;
        return r;
    }

    private UnixPollable ownPollable(Pollable pollable) {
        if (pollable instanceof UnixPollable) {
            UnixPollable p = (UnixPollable) pollable;
            if (p.owner() == backend.sockets()) {
                return p;
            }
        }
        throw new IllegalArgumentException("an " + backend.name() + " loop cannot watch " + pollable
                + ": it was not made by the " + backend.name() + " provider's sockets()");
    }

    private RuntimeException registrationFailed(Pollable pollable, Throwable cause) {
        String msg = "loop '" + name + "' could not register " + pollable + ": " + cause;
        if (cause instanceof UncheckedIOException) {
            return new UncheckedIOException(msg, ((UncheckedIOException) cause).getCause());
        }
        if (cause instanceof java.io.IOException) {
            return new UncheckedIOException(msg, (java.io.IOException) cause);
        }
        if (cause instanceof IllegalArgumentException) {
            return new IllegalArgumentException(msg, cause);
        }
        return new IllegalStateException(msg, cause);
    }

    void registrationEnded(NativeRegistration r) {
        registrations--;
    }

    /**
     * Queues a READ readiness for {@code registration}, delivered after the next poll, which will not
     * block. Always {@code true}: this loop implements the hook. A cancelled registration gets nothing
     * (the cancel contract wins) and the answer is still {@code true}, so the core does not fall back.
     *
     * @throws WrongThreadException if not on the loop thread
     * @throws IllegalArgumentException if {@code registration} belongs to another loop
     */
    @Override
    public boolean fakePollIn(Registration registration) {
        Objects.requireNonNull(registration, "registration");
        requireInLoop("fakePollIn");
        if (!(registration instanceof NativeRegistration) || ((NativeRegistration) registration).loop != this) {
            throw new IllegalArgumentException("fakePollIn on loop '" + name + "' for " + registration
                    + ", which is not one of its registrations");
        }
        NativeRegistration r = (NativeRegistration) registration;
        if (r.isValid()) {
            fakes.request(r);
        }
        return true;
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (shutdownRequested) {
            throw new RejectedExecutionException("loop '" + name + "' is shut down");
        }
        loop.execute(task);
    }

    /** {@code execute} for the loop's own bookkeeping, also during shutdown; {@code false} if the loop is gone. */
    boolean executeInternal(Runnable task) {
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(unit, "unit");
        if (delay < 0) {
            throw new IllegalArgumentException("delay must be >= 0, was " + delay + ' ' + unit);
        }
        if (shutdownRequested) {
            throw new RejectedExecutionException("loop '" + name + "' is shut down");
        }
        return timers.schedule(task, delay, unit);
    }

    @Override
    public CompletionStage<Void> shutdown() {
        if (!shutdownRequested) {
            shutdownRequested = true;
            // No quiet period: run what is queued now, then stop. Netty runs the queued tasks, closes
            // what is still registered (prepareToDestroy) and then the poller (destroy).
            loop.shutdownGracefully(0, 0, TimeUnit.NANOSECONDS);
        }
        return terminated.minimalCompletionStage();
    }

    /** Whether {@link #shutdown()} was called. */
    public boolean isShutdownRequested() {
        return shutdownRequested;
    }

    /** Whether the loop has released its resources. */
    public boolean isTerminated() {
        return terminated.isDone();
    }

    @Override
    public String toString() {
        return backend.name() + "-loop{" + name + ", " + (terminated.isDone() ? "terminated"
                : shutdownRequested ? "shutting down" : "running") + ", registrations=" + registrations
                + ", fakes queued=" + fakes.queuedCount() + ", timers=" + timers.pendingCount() + ", tasks="
                + pendingTasks() + '}';
    }

    private String pendingTasks() {
        if (loop instanceof io.netty.util.concurrent.SingleThreadEventExecutor) {
            return String.valueOf(((io.netty.util.concurrent.SingleThreadEventExecutor) loop).pendingTasks());
        }
        return "?";
    }
}
