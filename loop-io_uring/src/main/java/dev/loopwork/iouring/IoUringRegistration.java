package dev.loopwork.iouring;

import dev.loopwork.nativeloop.glue.NativeLoopOps;
import dev.loopwork.nativeloop.glue.NativeRegistration;
import dev.loopwork.nativeloop.glue.UnixPollable;
import dev.loopwork.spi.Interest;
import dev.loopwork.spi.NetListener;
import dev.loopwork.spi.Ready;
import io.netty.channel.IoEvent;
import io.netty.channel.IoRegistration;
import io.netty.channel.uring.IoUringIoEvent;
import io.netty.channel.uring.IoUringIoHandle;
import io.netty.channel.uring.IoUringIoOps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A socket watched by an io_uring loop: the core's {@link dev.loopwork.spi.Registration} and Netty's
 * {@link IoUringIoHandle} in one object. Readiness comes from one-shot {@code IORING_OP_POLL_ADD}
 * requests, at most one per direction in flight; the core then reads and writes with plain system
 * calls. See the module README for why one-shot and not multishot.
 *
 * <h2>States, per direction</h2>
 * {@code idle} (no poll in the kernel) and {@code armed} (a poll submitted; its user_data kept for the
 * cancel). A direction the interest holds is armed when the interest gains it and again after each
 * completion of its poll (so a socket that is still ready completes again at once: level-triggered, as
 * the SPI wants); arming is queued on the {@link IoUringPoller}, which submits right before it enters
 * the ring. A direction the interest drops is left armed: its poll completes once more, is not
 * reported, and is not re-armed. That costs one completion at most and nothing per pause/resume.
 *
 * <h2>Cancel</h2>
 * Netty's {@code IoRegistration.cancel()} does not touch requests already in the kernel: it only waits
 * for their completions. So {@link #beforeCancel()} asks the kernel to cancel each armed poll
 * ({@code IORING_OP_ASYNC_CANCEL}) and has the poller {@linkplain IoUringPoller#flush() flush} them,
 * because until the kernel has processed the cancellation the poll keeps the socket's file open.
 *
 * <h2>Errors</h2>
 * Nothing escapes {@link #handle}. A poll that fails (any negative result but {@code -ECANCELED}) is
 * reported as readiness of its direction, so that the core's next read or write meets the socket's
 * error; after {@value #MAX_FAILED_POLLS} failures in a row the registration stops watching the
 * socket (logged once) instead of spinning the loop.
 */
final class IoUringRegistration extends NativeRegistration implements IoUringIoHandle {

    private static final Logger log = LoggerFactory.getLogger(IoUringRegistration.class);

    // Linux ABI values (include/uapi/linux/io_uring.h, asm-generic/poll.h, errno-base.h): Netty keeps its
    // copies package-private.
    static final byte IORING_OP_POLL_ADD = 6;
    static final byte IORING_OP_ASYNC_CANCEL = 14;
    static final int POLLIN = 0x001;
    static final int POLLOUT = 0x004;
    static final int ECANCELED = 125;

    /** The short user data of each request kind; Netty hands it back with the completion. */
    static final short TAG_READ = 1;
    static final short TAG_WRITE = 2;
    static final short TAG_CANCEL = 3;

    static final int MAX_FAILED_POLLS = 16;

    private final IoUringIoOps readPoll;
    private final IoUringIoOps writePoll;
    /** user_data of the armed poll of each direction (Netty's id for the request), 0 when idle. */
    private long readArmed;
    private long writeArmed;
    private int failedPolls;
    private boolean gaveUp;
    private long completions;
    private IoUringPoller poller;
    /** Queued on the poller to be armed (the poller's own bookkeeping). */
    boolean armQueued;

    IoUringRegistration(NativeLoopOps loop, UnixPollable pollable, Ready ready) {
        super(loop, pollable, ready);
        int fd = pollable.fd();
        this.readPoll = pollAdd(fd, POLLIN, TAG_READ);
        this.writePoll = pollAdd(fd, POLLOUT, TAG_WRITE);
    }

    /** A one-shot poll (no IORING_POLL_ADD_MULTI in len); the kernel always adds POLLERR and POLLHUP. */
    private static IoUringIoOps pollAdd(int fd, int mask, short tag) {
        return new IoUringIoOps(IORING_OP_POLL_ADD, (byte) 0, (short) 0, fd, 0L, 0L, 0, mask, (long) tag,
                (short) 0, (short) 0, 0, 0L);
    }

    private static IoUringIoOps asyncCancel(long target) {
        return new IoUringIoOps(IORING_OP_ASYNC_CANCEL, (byte) 0, (short) 0, -1, 0L, target, 0, 0, (long) TAG_CANCEL,
                (short) 0, (short) 0, 0, 0L);
    }

    /** Set by the poller when Netty registers this handle, before the first interest is applied. */
    void poller(IoUringPoller p) {
        this.poller = p;
    }

    @Override
    protected void applyInterest(int oldInterest, int newInterest) {
        if (poller == null) {
            throw new IllegalStateException(this + " is registered with a loop that has no IoUringPoller");
        }
        if (needsArming(newInterest)) {
            poller.requestArm(this);
        }
    }

    private boolean needsArming(int wanted) {
        return ((wanted & Interest.READ) != 0 && readArmed == 0) || ((wanted & Interest.WRITE) != 0 && writeArmed == 0);
    }

    /** Called by the poller right before it enters the ring: arms what the interest holds and is idle. */
    void armNow() {
        if (!isValid() || gaveUp) {
            return;
        }
        int wanted = interest();
        if ((wanted & Interest.READ) != 0 && readArmed == 0) {
            readArmed = io().submit(readPoll);
        }
        if ((wanted & Interest.WRITE) != 0 && writeArmed == 0) {
            writeArmed = io().submit(writePoll);
        }
    }

    @Override
    protected void beforeCancel() {
        if (cancelArmedPolls()) {
            poller.flush();
        }
    }

    /** Submits a cancel for each armed poll; {@code true} if there was any. */
    private boolean cancelArmedPolls() {
        boolean any = false;
        if (readArmed != 0) {
            io().submit(asyncCancel(readArmed));
            readArmed = 0;
            any = true;
        }
        if (writeArmed != 0) {
            io().submit(asyncCancel(writeArmed));
            writeArmed = 0;
            any = true;
        }
        return any;
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        try {
            IoUringIoEvent e = (IoUringIoEvent) event;
            if (e.opcode() != IORING_OP_POLL_ADD) {
                return; // an ASYNC_CANCEL's own completion (0, -ENOENT or -EALREADY): nothing to do
            }
            short tag = (short) e.userData();
            int res = e.res();
            int direction;
            if (tag == TAG_READ) {
                readArmed = 0;
                direction = Interest.READ;
            } else if (tag == TAG_WRITE) {
                writeArmed = 0;
                direction = Interest.WRITE;
            } else {
                return;
            }
            completions++;
            if (!isValid() || res == -ECANCELED) {
                return;
            }
            if (poller.isFlushing()) {
                // The core is in the middle of a call (this completion was reaped by a cancel's flush):
                // poll again instead of reporting; a socket that is still ready completes again at once.
                if (needsArming(interest())) {
                    poller.requestArm(this);
                }
                return;
            }
            if (res < 0 && pollFailed(direction, res)) {
                return;
            }
            if (res >= 0) {
                failedPolls = 0;
            }
            dispatch(direction & interest());
            if (isValid() && needsArming(interest())) {
                poller.requestArm(this);
            }
        } catch (RuntimeException e) {
            // Netty would log it and sleep 100 ms per completion: keep the loop going instead.
            log.warn("{}: handling the io_uring completion {} failed", this, event, e);
        }
    }

    /** Counts a failed poll; {@code true} if the registration gave up watching (nothing is reported then). */
    private boolean pollFailed(int direction, int res) {
        failedPolls++;
        if (failedPolls == 1) {
            log.debug("{}: IORING_OP_POLL_ADD for {} failed with errno {}; reported as ready so that I/O meets "
                    + "the error", this, Interest.toString(direction), -res);
        }
        if (failedPolls < MAX_FAILED_POLLS) {
            return false;
        }
        gaveUp = true;
        log.warn("{}: {} polls in a row failed (last errno {}); the socket is no longer watched", this,
                failedPolls, -res);
        return true;
    }

    /**
     * Netty calls this only when the loop is destroyed with the registration still in its table: either
     * never cancelled (close the socket) or cancelled with completions still due (nothing left to do).
     */
    @Override
    public void close() {
        if (!isValid()) {
            return;
        }
        try {
            cancelArmedPolls();
        } catch (RuntimeException e) {
            log.debug("{}: could not cancel its polls at loop destruction: {}", this, e.toString());
        }
        closeAtLoopDestruction();
    }

    @Override
    public String toString() {
        String base = super.toString();
        return base.substring(0, base.length() - 1) + ", polls armed=" + (readArmed != 0 ? "R" : "")
                + (writeArmed != 0 ? "W" : "") + (readArmed == 0 && writeArmed == 0 ? "none" : "")
                + ", completions=" + completions + (gaveUp ? ", gave up after failed polls" : "")
                + (pollable instanceof NetListener ? ", listener" : "") + '}';
    }
}
