package dev.loopwork.nativeloop.glue;

import dev.loopwork.LoopworkException;
import dev.loopwork.nativeloop.ManualLoopHost;
import dev.loopwork.spi.LoopConfig;
import io.netty.channel.ManualIoEventLoop;
import io.netty.channel.SingleThreadIoEventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Makes native loops: on a thread of their own, or handed to the application's {@link ManualLoopHost}. */
public final class NativeLoops {

    private static final Logger log = LoggerFactory.getLogger(NativeLoops.class);

    private NativeLoops() {
    }

    /**
     * A loop on its own thread, named {@code config.threadName()}, over a {@link SingleThreadIoEventLoop}.
     * The thread starts with the first task.
     *
     * @throws LoopworkException if the poller cannot be created (e.g. out of descriptors)
     */
    public static NativeLoopOps threaded(NativeBackend backend, LoopConfig config) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(config, "config");
        CompletableFuture<Void> terminated = new CompletableFuture<>();
        FakePollInHandler.Factory handlers = new FakePollInHandler.Factory(backend.newHandlerFactory());
        SingleThreadIoEventLoop loop;
        try {
            loop = new SingleThreadIoEventLoop(null,
                    new LoopThreadFactory(config.threadName(), () -> terminated.complete(null)), handlers);
        } catch (RuntimeException e) {
            throw new LoopworkException("cannot create " + backend.name() + " loop '" + config.threadName() + "': "
                    + e.getMessage(), e);
        }
        return new NativeLoopOps(config.threadName(), backend, loop, handlers.made(), terminated);
    }

    /**
     * A loop that some thread of the application runs, over a {@link ManualIoEventLoop}; handed to
     * {@code host} before this returns.
     *
     * @throws LoopworkException if the poller cannot be created or the host throws (the loop is then
     *         released again)
     */
    public static NativeLoopOps manual(NativeBackend backend, LoopConfig config, ManualLoopHost host) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(host, "host");
        CompletableFuture<Void> terminated = new CompletableFuture<>();
        FakePollInHandler.Factory handlers = new FakePollInHandler.Factory(backend.newHandlerFactory());
        ManualIoEventLoop loop;
        try {
            loop = new ManualIoEventLoop(null, null, handlers);
        } catch (RuntimeException e) {
            throw new LoopworkException("cannot create " + backend.name() + " manual loop '" + config.threadName()
                    + "': " + e.getMessage(), e);
        }
        ManualLoopImpl manual = new ManualLoopImpl(config.threadName(), loop, terminated);
        NativeLoopOps ops = new NativeLoopOps(config.threadName(), backend, loop, handlers.made(), terminated);
        try {
            host.host(manual);
        } catch (RuntimeException | Error e) {
            release(manual, loop);
            throw new LoopworkException("manual loop host " + host + " failed to take loop '" + config.threadName()
                    + "': " + e, e);
        }
        return ops;
    }

    /** Shuts down a manual loop nobody will run, on this thread, so that its descriptors are closed. */
    private static void release(ManualLoopImpl manual, ManualIoEventLoop loop) {
        try {
            loop.shutdownGracefully(0, 0, TimeUnit.NANOSECONDS);
            if (manual.thread() == null) {
                manual.runUntilTerminated();
            }
        } catch (RuntimeException e) {
            log.warn("could not release manual loop {}: {}", manual.name(), e.toString());
        }
    }
}
