package dev.loopwork.epoll;

import dev.loopwork.nativeloop.glue.NativeBackend;
import dev.loopwork.nativeloop.glue.NativeLoopOps;
import dev.loopwork.nativeloop.glue.NativeRegistration;
import dev.loopwork.nativeloop.glue.UnixPollable;
import dev.loopwork.nativeloop.glue.UnixSockets;
import dev.loopwork.spi.Ready;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;

/** The epoll side of the shared native loop. One per class loader; only made once epoll is available. */
final class EpollBackend implements NativeBackend {

    private static final class Holder {
        static final EpollBackend INSTANCE = new EpollBackend();
    }

    private final EpollSockets sockets = new EpollSockets();

    private EpollBackend() {
        Epoll.ensureAvailability();
    }

    static EpollBackend instance() {
        return Holder.INSTANCE;
    }

    @Override
    public String name() {
        return "epoll";
    }

    @Override
    public IoHandlerFactory newHandlerFactory() {
        return EpollIoHandler.newFactory();
    }

    @Override
    public UnixSockets sockets() {
        return sockets;
    }

    @Override
    public NativeRegistration newRegistration(NativeLoopOps loop, UnixPollable pollable, Ready ready) {
        return new EpollRegistration(loop, pollable, ready);
    }

    @Override
    public String toString() {
        return "EpollBackend";
    }
}
