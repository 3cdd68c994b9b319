package dev.loopwork.iouring;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import io.netty.util.concurrent.ThreadAwareExecutor;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A ring that cannot be created at the configured size (ENOMEM from RLIMIT_MEMLOCK before Linux 5.12,
 * simulated here) falls back to Netty's default size; if that fails too, the first error is thrown.
 */
class IoUringPollerFactoryTest {

    private static final ThreadAwareExecutor EXECUTOR = new ThreadAwareExecutor() {
        @Override
        public boolean isExecutorThread(Thread thread) {
            return true;
        }

        @Override
        public void execute(Runnable command) {
            command.run();
        }
    };

    private static IoHandlerFactory failing(String message, AtomicInteger calls) {
        return executor -> {
            calls.incrementAndGet();
            throw new UncheckedIOException(new java.io.IOException(message));
        };
    }

    @Test
    void aRingTooLargeForTheLockedMemoryLimitFallsBackToTheDefaultSize() {
        AtomicInteger sizedCalls = new AtomicInteger();
        AtomicInteger defaultCalls = new AtomicInteger();
        IoHandler stub = new StubHandler();
        IoUringPoller.Factory f = new IoUringPoller.Factory(failing("io_uring_setup: ENOMEM (simulated)", sizedCalls),
                executor -> {
                    defaultCalls.incrementAndGet();
                    return stub;
                });
        IoHandler h = f.newHandler(EXECUTOR);
        assertInstanceOf(IoUringPoller.class, h);
        assertEquals(1, sizedCalls.get());
        assertEquals(1, defaultCalls.get());
        h.wakeup();
        assertEquals(1, ((StubHandler) stub).wakeups, "the poller delegates to the fallback's handler");
    }

    @Test
    void whenBothSizesFailTheFirstErrorIsThrownWithTheSecondSuppressed() {
        IoUringPoller.Factory f = new IoUringPoller.Factory(failing("first", new AtomicInteger()),
                failing("second", new AtomicInteger()));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> f.newHandler(EXECUTOR));
        assertEquals("first", e.getCause().getMessage());
        assertEquals(1, e.getSuppressed().length);
        assertEquals("second", e.getSuppressed()[0].getCause().getMessage());
    }

    @Test
    void theConfiguredSizeIsUsedWhenItCanBeCreated() {
        IoHandler stub = new StubHandler();
        AtomicInteger defaultCalls = new AtomicInteger();
        IoUringPoller.Factory f = new IoUringPoller.Factory(executor -> stub, executor -> {
            defaultCalls.incrementAndGet();
            return new StubHandler();
        });
        IoHandler h = f.newHandler(EXECUTOR);
        h.wakeup();
        assertEquals(1, ((StubHandler) stub).wakeups);
        assertEquals(0, defaultCalls.get());
        assertSame(IoUringPoller.class, h.getClass());
    }

    private static final class StubHandler implements IoHandler {
        int wakeups;

        @Override
        public int run(IoHandlerContext context) {
            return 0;
        }

        @Override
        public void wakeup() {
            wakeups++;
        }

        @Override
        public IoRegistration register(IoHandle handle) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isCompatible(Class<? extends IoHandle> handleType) {
            return true;
        }
    }
}
