package dev.loopwork.nativeloop.glue;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import io.netty.util.concurrent.ThreadAwareExecutor;

import java.util.ArrayDeque;

/**
 * Netty {@link IoHandler} around the transport's own (epoll, kqueue) that gives the loop a native
 * {@code fakePollIn}: registrations queued here get a READ readiness right after the next poll, and
 * that poll does not block while any is queued.
 *
 * <h2>How it keeps the poller from blocking</h2>
 * Netty's handlers block only when {@link IoHandlerContext#canBlock()} says so; while fakes are queued
 * this handler passes the poller a context whose {@code canBlock()} is {@code false}, so it polls
 * without waiting ({@code epoll_wait(0)}, {@code kevent} with a zero timeout), delivers the real
 * events, and then the fakes are delivered. Fakes are only queued on the loop thread (from a
 * callback or a task), so no wake-up is ever needed: the thread is already awake.
 *
 * <h2>Fairness</h2>
 * One pass delivers the fakes that were queued when it began; a registration that asks again from
 * its callback is served on the next iteration, after the poller and the tasks had their turn. A
 * real READ delivered in between serves a queued fake (it is then dropped, not delivered twice).
 */
final class FakePollInHandler implements IoHandler {

    private final IoHandler delegate;
    private final ArrayDeque<NativeRegistration> queued = new ArrayDeque<>();
    private final NonBlockingContext nonBlocking = new NonBlockingContext();

    FakePollInHandler(IoHandler delegate) {
        this.delegate = delegate;
    }

    /** Queues a fake READ for {@code r}, once. Loop thread. */
    void request(NativeRegistration r) {
        if (!r.fakePending) {
            r.fakePending = true;
            queued.add(r);
        }
    }

    /** Fakes queued and not yet delivered (some may have been served by a real READ since). */
    int queuedCount() {
        return queued.size();
    }

    @Override
    public int run(IoHandlerContext context) {
        int handled;
        if (queued.isEmpty()) {
            handled = delegate.run(context);
        } else {
            nonBlocking.outer = context;
            try {
                handled = delegate.run(nonBlocking);
            } finally {
                nonBlocking.outer = null;
            }
        }
        return handled + deliverQueued();
    }

    private int deliverQueued() {
        int delivered = 0;
        for (int n = queued.size(); n > 0; n--) {
            NativeRegistration r = queued.poll();
            if (r.fakePending) {
                r.fakePending = false;
                r.dispatchFake();
                delivered++;
            }
        }
        return delivered;
    }

    @Override
    public void initialize() {
        delegate.initialize();
    }

    @Override
    public void prepareToDestroy() {
        for (NativeRegistration r : queued) {
            r.fakePending = false;
        }
        queued.clear();
        delegate.prepareToDestroy();
    }

    @Override
    public void destroy() {
        delegate.destroy();
    }

    @Override
    public IoRegistration register(IoHandle handle) throws Exception {
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
        return "FakePollInHandler{" + delegate.getClass().getSimpleName() + ", queued=" + queued.size() + '}';
    }

    /** The loop's context, except that the poller may not block. Reused: no allocation per poll. */
    private static final class NonBlockingContext implements IoHandlerContext {
        IoHandlerContext outer;

        @Override
        public boolean canBlock() {
            return false;
        }

        @Override
        public long delayNanos(long currentTimeNanos) {
            return outer.delayNanos(currentTimeNanos);
        }

        @Override
        public long deadlineNanos() {
            return outer.deadlineNanos();
        }

        @Override
        public void reportActiveIoTime(long activeNanos) {
            outer.reportActiveIoTime(activeNanos);
        }

        @Override
        public boolean shouldReportActiveIoTime() {
            return outer.shouldReportActiveIoTime();
        }
    }

    /** Wraps a transport's factory; remembers the handler it made (one per loop). */
    static final class Factory implements IoHandlerFactory {
        private final IoHandlerFactory delegate;
        private FakePollInHandler made;

        Factory(IoHandlerFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public IoHandler newHandler(ThreadAwareExecutor executor) {
            if (made != null) {
                throw new IllegalStateException("one FakePollInHandler.Factory serves one loop");
            }
            made = new FakePollInHandler(delegate.newHandler(executor));
            return made;
        }

        @Override
        public boolean isChangingThreadSupported() {
            return delegate.isChangingThreadSupported();
        }

        FakePollInHandler made() {
            if (made == null) {
                throw new IllegalStateException("the loop did not create its IoHandler");
            }
            return made;
        }
    }
}
