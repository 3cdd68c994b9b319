package dev.loopwork.nativeloop.glue;

import dev.loopwork.spi.Interest;
import dev.loopwork.spi.Pollable;
import dev.loopwork.spi.Ready;
import dev.loopwork.spi.Registration;
import io.netty.channel.IoHandle;
import io.netty.channel.IoRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * A {@link Registration} on a native loop. A transport subclasses it and implements its poller's Netty
 * {@link IoHandle} in the subclass, so that one object per socket is both what the core holds and what
 * Netty's {@code IoHandler} calls back.
 *
 * <h2>What a subclass does</h2>
 * {@link #applyInterest(int, int)} tells the poller about a new interest (only called when it
 * changed), {@link #beforeCancel()} stops the poller watching the descriptor if cancelling alone does
 * not, and the {@code IoHandle.handle} method turns the poller's event into READ/WRITE bits and calls
 * {@link #dispatch(int)}. {@code IoHandle.close} is only called by Netty when a loop is destroyed with
 * this registration still in place; it calls {@link #closeAtLoopDestruction()}.
 *
 * <h2>Threads</h2>
 * Everything runs on the loop thread, except {@link #cancel()}, which any thread may call: from
 * another thread the cancellation takes effect at once for callbacks (none is made afterwards) and
 * reaches the poller through a task, so it is done before any task submitted later runs.
 */
public abstract class NativeRegistration implements Registration {

    private static final Logger log = LoggerFactory.getLogger(NativeRegistration.class);
    private static final VarHandle CANCELLED;

    static {
        try {
            CANCELLED = MethodHandles.lookup().findVarHandle(NativeRegistration.class, "cancelled", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    protected final NativeLoopOps loop;
    protected final UnixPollable pollable;
    private final Ready ready;
    private IoRegistration io;
    private int interest;
    @SuppressWarnings("unused") // through CANCELLED
    private volatile boolean cancelled;

    /** Set while a fake READ is queued for this registration; cleared when any READ is delivered. */
    boolean fakePending;

    protected NativeRegistration(NativeLoopOps loop, UnixPollable pollable, Ready ready) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.pollable = Objects.requireNonNull(pollable, "pollable");
        this.ready = Objects.requireNonNull(ready, "ready");
    }

    /** Called by the loop once Netty has registered the handle; sets the first interest. */
    final void start(IoRegistration registration, int initialInterest) {
        this.io = registration;
        applyInterest(-1, initialInterest);
        this.interest = initialInterest;
    }

    /** Netty's registration with the poller, for {@code submit}. */
    protected final IoRegistration io() {
        return io;
    }

    /**
     * Tells the poller the new interest. {@code oldInterest} is -1 for the first call, made right after
     * the registration, before which the poller knows nothing of the descriptor.
     *
     * @throws java.io.UncheckedIOException if the poller refuses
     */
    protected abstract void applyInterest(int oldInterest, int newInterest);

    /** Makes the poller stop watching the descriptor, if Netty's cancel does not. Loop thread. */
    protected void beforeCancel() {
    }

    @Override
    public final Pollable pollable() {
        return pollable;
    }

    @Override
    public final int interest() {
        return interest;
    }

    @Override
    public final void interest(int ops) {
        Interest.require(ops);
        loop.requireInLoop("Registration.interest");
        if (cancelled) {
            throw new IllegalStateException("interest(" + Interest.toString(ops) + ") on a cancelled registration: "
                    + this);
        }
        int old = interest;
        if (ops != old) {
            applyInterest(old, ops);
            interest = ops;
        }
    }

    @Override
    public final void cancel() {
        if (!CANCELLED.compareAndSet(this, false, true)) {
            return;
        }
        if (loop.inLoop()) {
            cancelOnLoop();
        } else if (!loop.executeInternal(this::cancelOnLoop)) {
            // The loop has stopped: its poller is closed, so nothing watches the descriptor any more.
            pollable.registrationEnded(this);
        }
    }

    private void cancelOnLoop() {
        try {
            beforeCancel();
        } catch (RuntimeException e) {
            log.debug("{}: could not stop watching {} before cancelling: {}", loop, pollable, e.toString());
        }
        if (io != null) {
            io.cancel();
        }
        pollable.registrationEnded(this);
        loop.registrationEnded(this);
    }

    @Override
    public final boolean isValid() {
        return !cancelled;
    }

    /**
     * Calls the core with {@code readyOps} (already masked by the interest), unless it is empty or this
     * registration was cancelled. Never throws: an exception from the core is logged and dropped so that
     * the poller goes on with other descriptors (Netty would otherwise stall the loop for a second).
     */
    protected final void dispatch(int readyOps) {
        if (readyOps == 0 || cancelled) {
            return;
        }
        if ((readyOps & Interest.READ) != 0) {
            fakePending = false; // this READ serves any fake that was queued
        }
        try {
            ready.onReady(this, readyOps);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            log.warn("{}: the readiness callback for {} threw; the loop goes on", loop, this, t);
        }
    }

    /** Delivers a queued fake READ, whatever the interest: the core decides what to do with it. */
    final void dispatchFake() {
        if (!cancelled) {
            dispatch(Interest.READ);
        }
    }

    /** The loop is being destroyed with this registration in place: close the socket, quietly. */
    protected final void closeAtLoopDestruction() {
        CANCELLED.setVolatile(this, true);
        pollable.registrationEnded(this);
        loop.registrationEnded(this);
        log.debug("{}: closing {} left registered at shutdown", loop, pollable);
        pollable.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + '{' + pollable + ", interest=" + Interest.toString(interest)
                + (cancelled ? ", cancelled" : "") + (fakePending ? ", fake READ queued" : "") + '}';
    }
}
