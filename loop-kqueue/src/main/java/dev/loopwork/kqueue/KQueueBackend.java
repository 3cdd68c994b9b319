package dev.loopwork.kqueue;

import dev.loopwork.nativeloop.glue.NativeBackend;
import dev.loopwork.nativeloop.glue.NativeLoopOps;
import dev.loopwork.nativeloop.glue.NativeRegistration;
import dev.loopwork.nativeloop.glue.UnixPollable;
import dev.loopwork.nativeloop.glue.UnixSockets;
import dev.loopwork.spi.Ready;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.kqueue.KQueue;
import io.netty.channel.kqueue.KQueueIoHandler;

/** The kqueue side of the shared native loop. One per class loader; only made once kqueue is available. */
final class KQueueBackend implements NativeBackend {

    private static final class Holder {
        static final KQueueBackend INSTANCE = new KQueueBackend();
    }

    private final KQueueSockets sockets = new KQueueSockets();

    private KQueueBackend() {
        KQueue.ensureAvailability();
    }

    static KQueueBackend instance() {
        return Holder.INSTANCE;
    }

    @Override
    public String name() {
        return "kqueue";
    }

    @Override
    public IoHandlerFactory newHandlerFactory() {
        return KQueueIoHandler.newFactory();
    }

    @Override
    public UnixSockets sockets() {
        return sockets;
    }

    @Override
    public NativeRegistration newRegistration(NativeLoopOps loop, UnixPollable pollable, Ready ready) {
        return new KQueueRegistration(loop, pollable, ready);
    }

    @Override
    public String toString() {
        return "KQueueBackend";
    }
}
