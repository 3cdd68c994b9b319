package dev.loopwork.epoll;

import dev.loopwork.nativeloop.glue.NativeLoopOps;
import dev.loopwork.nativeloop.glue.NativeRegistration;
import dev.loopwork.nativeloop.glue.UnixPollable;
import dev.loopwork.spi.Interest;
import dev.loopwork.spi.Ready;
import io.netty.channel.IoEvent;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.epoll.Native;
import io.netty.channel.unix.FileDescriptor;

/**
 * A socket watched by an epoll loop: the core's {@link dev.loopwork.spi.Registration} and Netty's
 * {@link EpollIoHandle} in one object. See the package comment for the epoll flags used and why.
 */
final class EpollRegistration extends NativeRegistration implements EpollIoHandle {

    /** Linux's EPOLLHUP (0x010 on every architecture); Netty's {@code Native} does not export it. */
    static final int EPOLLHUP = 0x010;

    private static final int READ_EVENTS = Native.EPOLLIN | Native.EPOLLERR | EPOLLHUP;
    private static final int WRITE_EVENTS = Native.EPOLLOUT | Native.EPOLLERR | EPOLLHUP;

    /** The epoll events for each interest (indexed by the READ/WRITE bits), made once. */
    private static final EpollIoOps[] OPS = new EpollIoOps[Interest.ALL + 1];

    static {
        // No interest: stay in the set (Netty cannot re-add a descriptor it removed), but edge-triggered
        // so that a pending error wakes the loop once instead of on every epoll_wait.
        OPS[0] = EpollIoOps.valueOf(Native.EPOLLERR | Native.EPOLLET);
        OPS[Interest.READ] = EpollIoOps.valueOf(Native.EPOLLIN);
        OPS[Interest.WRITE] = EpollIoOps.valueOf(Native.EPOLLOUT);
        OPS[Interest.ALL] = EpollIoOps.valueOf(Native.EPOLLIN | Native.EPOLLOUT);
    }

    EpollRegistration(NativeLoopOps loop, UnixPollable pollable, Ready ready) {
        super(loop, pollable, ready);
    }

    @Override
    public FileDescriptor fd() {
        return pollable.socket();
    }

    @Override
    protected void applyInterest(int oldInterest, int newInterest) {
        io().submit(OPS[newInterest]);
    }

    // No beforeCancel(): Netty's cancel removes the descriptor from the epoll set (EPOLL_CTL_DEL) at once
    // on the loop thread, so closing it afterwards releases it fully.

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        int ev = ((EpollIoEvent) event).ops().value();
        int ready = 0;
        if ((ev & READ_EVENTS) != 0) {
            ready |= Interest.READ;
        }
        if ((ev & WRITE_EVENTS) != 0) {
            ready |= Interest.WRITE;
        }
        dispatch(ready & interest());
    }

    /** Netty calls this only when the loop is destroyed with the registration still in place. */
    @Override
    public void close() {
        closeAtLoopDestruction();
    }
}
