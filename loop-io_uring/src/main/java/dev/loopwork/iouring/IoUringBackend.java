package dev.loopwork.iouring;

import dev.loopwork.nativeloop.glue.NativeBackend;
import dev.loopwork.nativeloop.glue.NativeLoopOps;
import dev.loopwork.nativeloop.glue.NativeRegistration;
import dev.loopwork.nativeloop.glue.UnixPollable;
import dev.loopwork.nativeloop.glue.UnixSockets;
import dev.loopwork.spi.Ready;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoHandlerConfig;

/**
 * The io_uring side of the shared native loop. One per class loader; only made once io_uring is
 * available.
 *
 * <h2>Ring sizes</h2>
 * Each registration keeps at most two polls in flight (one per direction), and a loop may hold
 * thousands of connections whose polls complete in the same wait. Netty's default completion queue
 * (256 entries) would then overflow into the kernel's backlog list and Netty would log a warning on
 * every loop iteration; {@value #CQ_ENTRIES} entries (64 KiB) absorb a burst of that size (where the
 * kernel lacks {@code IORING_SETUP_CQSIZE} the queue is twice the submission queue). The
 * submission queue only limits how many polls are queued between two {@code io_uring_enter} calls
 * (Netty submits early when it is full).
 *
 * <p>Before Linux 5.12 a ring's memory counts against {@code RLIMIT_MEMLOCK}, often 64 KiB (Debian 11's
 * 5.10, for one); these rings take about 100 KiB. A loop whose ring cannot be created at this size
 * gets one of Netty's default size (about 13 KiB) instead, with a WARN naming the error.
 */
final class IoUringBackend implements NativeBackend {

    static final int SQ_ENTRIES = 512;
    static final int CQ_ENTRIES = 4096;

    private static final class Holder {
        static final IoUringBackend INSTANCE = new IoUringBackend();
    }

    private final IoUringSockets sockets = new IoUringSockets();
    private final IoUringIoHandlerConfig config;

    private IoUringBackend() {
        IoUring.ensureAvailability();
        IoUringIoHandlerConfig sized = new IoUringIoHandlerConfig().setRingSize(SQ_ENTRIES).setCqSize(CQ_ENTRIES);
        IoUringIoHandlerConfig c;
        try {
            IoUringIoHandler.newFactory(sized); // checks the config against the kernel's features
            c = sized;
        } catch (UnsupportedOperationException e) {
            // IORING_SETUP_CQSIZE (Linux 5.5) missing: Netty's default, twice the submission queue.
            c = new IoUringIoHandlerConfig().setRingSize(SQ_ENTRIES);
        }
        this.config = c;
    }

    static IoUringBackend instance() {
        return Holder.INSTANCE;
    }

    @Override
    public String name() {
        return "io_uring";
    }

    @Override
    public IoHandlerFactory newHandlerFactory() {
        return new IoUringPoller.Factory(IoUringIoHandler.newFactory(config), IoUringIoHandler.newFactory());
    }

    @Override
    public UnixSockets sockets() {
        return sockets;
    }

    @Override
    public NativeRegistration newRegistration(NativeLoopOps loop, UnixPollable pollable, Ready ready) {
        return new IoUringRegistration(loop, pollable, ready);
    }

    @Override
    public String toString() {
        int cq = config.getCqSize();
        return "IoUringBackend{sq=" + config.getRingSize() + ", cq=" + (cq > 0 ? String.valueOf(cq) : "2 x sq") + '}';
    }
}
