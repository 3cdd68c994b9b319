package dev.loopwork.iouring;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import io.netty.util.concurrent.ThreadAwareExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;

/**
 * Netty's {@code IoUringIoHandler} with the two things a readiness loop over it needs: polls are
 * submitted in one place, right before the ring is entered, and a cancellation reaches the kernel
 * before the loop runs anything else.
 *
 * <h2>Arming polls late</h2>
 * A registration that wants a poll armed queues itself here ({@link #requestArm}); the polls are
 * put in the submission queue at the start of the next {@link #run}, just before Netty enters the ring.
 * Interest that flips several times between two polls costs nothing, and a socket registered and
 * closed in the same task never reaches the kernel: a poll queued for a descriptor number that is
 * closed (and possibly reused by a new socket) before the ring is entered would otherwise watch the
 * wrong file until its cancellation.
 *
 * <h2>Cancels that take effect at once (the close trap)</h2>
 * A poll in the kernel holds a reference to the socket's open file: {@code close(2)} then only drops
 * the descriptor, and the socket lives on (a listener stays in LISTEN, keeps its port and completes
 * handshakes into its backlog) until the ring processes the poll's cancellation. The SPI promises that
 * after {@code cancel()} on the loop thread, closing the socket releases it fully, before the next task
 * runs. So a registration that cancels polls in the kernel asks for a {@link #flush}: outside
 * {@code run} (a task, a fake's callback) this enters the ring at once, non-blocking, by running
 * Netty's handler one more time; inside {@code run} (a readiness callback) Netty's handler is busy
 * reaping completions, so the flush is done as soon as it returns, before any task. Completions
 * reaped by a flush are not reported (the core is in the middle of a call there); their
 * registrations re-arm at the next {@code run}, and a socket still ready completes again at once:
 * readiness is a state, re-polling finds it.
 */
final class IoUringPoller implements IoHandler {

    private static final Logger log = LoggerFactory.getLogger(IoUringPoller.class);

    private final IoHandler delegate;
    private final ArrayDeque<IoUringRegistration> toArm = new ArrayDeque<>();
    private boolean inRun;
    private boolean flushing;
    private boolean flushAfterRun;
    private boolean destroying;
    private long flushes;

    IoUringPoller(IoHandler delegate) {
        this.delegate = delegate;
    }

    /** Queues {@code r} to have its polls armed before the ring is next entered. Loop thread. */
    void requestArm(IoUringRegistration r) {
        if (!r.armQueued) {
            r.armQueued = true;
            toArm.add(r);
        }
    }

    /** Whether completions are being reaped by a {@link #flush}: they must not be reported. */
    boolean isFlushing() {
        return flushing;
    }

    /** Cancels were queued: have the kernel process them before the loop runs anything else. Loop thread. */
    void flush() {
        if (destroying || flushing) {
            return; // Netty drains the ring itself at destruction; a flush in progress submits them anyway
        }
        if (inRun) {
            flushAfterRun = true;
            return;
        }
        flushing = true;
        try {
            delegate.run(FlushContext.INSTANCE);
            flushes++;
        } catch (RuntimeException e) {
            log.warn("{}: entering the ring to submit cancellations failed; they go with the next poll", this, e);
        } finally {
            flushing = false;
        }
    }

    @Override
    public int run(IoHandlerContext context) {
        armQueued();
        int handled;
        inRun = true;
        try {
            handled = delegate.run(context);
        } finally {
            inRun = false;
        }
        if (flushAfterRun) {
            flushAfterRun = false;
            flush();
        }
        return handled;
    }

    private void armQueued() {
        for (int n = toArm.size(); n > 0; n--) {
            IoUringRegistration r = toArm.poll();
            r.armQueued = false;
            try {
                r.armNow();
            } catch (RuntimeException e) {
                log.warn("{}: arming the polls of {} failed", this, r, e);
            }
        }
    }

    @Override
    public void initialize() {
        delegate.initialize();
    }

    @Override
    public void prepareToDestroy() {
        destroying = true;
        for (IoUringRegistration r : toArm) {
            r.armQueued = false;
        }
        toArm.clear();
        delegate.prepareToDestroy();
    }

    @Override
    public void destroy() {
        delegate.destroy();
    }

    @Override
    public IoRegistration register(IoHandle handle) throws Exception {
        if (handle instanceof IoUringRegistration) {
            ((IoUringRegistration) handle).poller(this);
        }
        return delegate.register(handle);
    }

    @Override
    public void wakeup() {
        delegate.wakeup();
    }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
        return delegate.isCompatible(handleType);
    }

    @Override
    public String toString() {
        return "IoUringPoller{to arm=" + toArm.size() + ", flushes=" + flushes + (inRun ? ", in run" : "")
                + (destroying ? ", destroying" : "") + '}';
    }

    /** A run that submits and reaps without waiting. */
    private static final class FlushContext implements IoHandlerContext {
        static final FlushContext INSTANCE = new FlushContext();

        @Override
        public boolean canBlock() {
            return false;
        }

        @Override
        public long delayNanos(long currentTimeNanos) {
            return 0;
        }

        @Override
        public long deadlineNanos() {
            return -1;
        }
    }

    /**
     * Wraps Netty's factory. If the ring cannot be created at the configured size (before Linux 5.12 its
     * memory counts against {@code RLIMIT_MEMLOCK}), the loop gets one from {@code fallback} instead,
     * with a WARN; if that fails too, the first error is thrown with the second suppressed.
     */
    static final class Factory implements IoHandlerFactory {
        private final IoHandlerFactory delegate;
        private final IoHandlerFactory fallback;

        Factory(IoHandlerFactory delegate, IoHandlerFactory fallback) {
            this.delegate = delegate;
            this.fallback = fallback;
        }

        @Override
        public IoHandler newHandler(ThreadAwareExecutor executor) {
            IoHandler handler;
            try {
                handler = delegate.newHandler(executor);
            } catch (RuntimeException e) {
                try {
                    handler = fallback.newHandler(executor);
                } catch (RuntimeException second) {
                    e.addSuppressed(second);
                    throw e;
                }
                log.warn("io_uring: a ring of the configured size could not be created ({}); this loop uses "
                        + "one of Netty's default size", e.toString());
            }
            return new IoUringPoller(handler);
        }

        @Override
        public boolean isChangingThreadSupported() {
            return delegate.isChangingThreadSupported() && fallback.isChangingThreadSupported();
        }
    }
}
