package dev.loopwork.kqueue;

import dev.loopwork.nativeloop.glue.NativeLoopOps;
import dev.loopwork.nativeloop.glue.NativeRegistration;
import dev.loopwork.nativeloop.glue.UnixPollable;
import dev.loopwork.spi.Interest;
import dev.loopwork.spi.Ready;
import io.netty.channel.IoEvent;
import io.netty.channel.IoRegistration;
import io.netty.channel.kqueue.KQueueIoEvent;
import io.netty.channel.kqueue.KQueueIoHandle;
import io.netty.channel.kqueue.KQueueIoOps;

import static dev.loopwork.kqueue.KQueueConstants.EVFILT_READ;
import static dev.loopwork.kqueue.KQueueConstants.EVFILT_WRITE;
import static dev.loopwork.kqueue.KQueueConstants.EV_ADD;
import static dev.loopwork.kqueue.KQueueConstants.EV_DELETE;
import static dev.loopwork.kqueue.KQueueConstants.EV_DISABLE;
import static dev.loopwork.kqueue.KQueueConstants.EV_ENABLE;

/**
 * A socket watched by a kqueue loop: the core's {@link dev.loopwork.spi.Registration} and Netty's
 * {@link KQueueIoHandle} in one object. See the package comment for the filters used and why.
 */
final class KQueueRegistration extends NativeRegistration implements KQueueIoHandle {

    private static final KQueueIoOps READ_ON = KQueueIoOps.newOps(EVFILT_READ, (short) (EV_ADD | EV_ENABLE), 0);
    private static final KQueueIoOps READ_OFF = KQueueIoOps.newOps(EVFILT_READ, (short) (EV_DELETE | EV_DISABLE), 0);
    private static final KQueueIoOps WRITE_ON = KQueueIoOps.newOps(EVFILT_WRITE, (short) (EV_ADD | EV_ENABLE), 0);
    private static final KQueueIoOps WRITE_OFF = KQueueIoOps.newOps(EVFILT_WRITE, (short) (EV_DELETE | EV_DISABLE), 0);

    KQueueRegistration(NativeLoopOps loop, UnixPollable pollable, Ready ready) {
        super(loop, pollable, ready);
    }

    @Override
    public int ident() {
        return pollable.fd();
    }

    @Override
    protected void applyInterest(int oldInterest, int newInterest) {
        int old = oldInterest < 0 ? 0 : oldInterest; // a new registration has no filter yet
        IoRegistration io = io();
        int changed = old ^ newInterest;
        if ((changed & Interest.READ) != 0) {
            io.submit((newInterest & Interest.READ) != 0 ? READ_ON : READ_OFF);
        }
        if ((changed & Interest.WRITE) != 0) {
            io.submit((newInterest & Interest.WRITE) != 0 ? WRITE_ON : WRITE_OFF);
        }
    }

    /** Netty's cancel leaves the filters in the kernel: delete the enabled ones (deleting others is an error). */
    @Override
    protected void beforeCancel() {
        applyInterest(interest(), 0);
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        short filter = ((KQueueIoEvent) event).filter();
        int ready = filter == EVFILT_READ ? Interest.READ : filter == EVFILT_WRITE ? Interest.WRITE : 0;
        dispatch(ready & interest());
    }

    /** Netty calls this only when the loop is destroyed with the registration still in place. */
    @Override
    public void close() {
        closeAtLoopDestruction();
    }
}
