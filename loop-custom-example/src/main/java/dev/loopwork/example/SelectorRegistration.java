package dev.loopwork.example;

import dev.loopwork.spi.Interest;
import dev.loopwork.spi.Pollable;
import dev.loopwork.spi.Ready;
import dev.loopwork.spi.Registration;

import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * A {@link Registration} over one {@link SelectionKey} of a {@link SelectorLoop}.
 *
 * <h2>Translating interest</h2>
 * The SPI speaks of READ and WRITE; a JDK selector wants the channel's own operation:
 * READ is {@code OP_READ} for a connected socket and {@code OP_ACCEPT} for a listener; WRITE is
 * {@code OP_CONNECT} while a connect is pending and {@code OP_WRITE} afterwards. The JDK reports
 * nothing for {@code OP_WRITE} on a socket that is still connecting (and nothing for
 * {@code OP_CONNECT} once it is connected, while {@code poll} keeps saying POLLOUT, so the
 * selector would spin), which is why {@link #sync()} re-translates after every dispatch.
 *
 * <h2>Threads</h2>
 * Every method runs on the loop thread; a foreign caller gets a
 * {@link dev.loopwork.WrongThreadException}. {@link #cancel()} of a registration that is already
 * cancelled is a no-op from any thread (teardown code may call it late).
 *
 * <h2>Fakes</h2>
 * {@code fake} is where this registration stands in the loop's fake-POLLIN queue: not queued,
 * queued for the next iteration, or due in the iteration running now.
 */
final class SelectorRegistration implements Registration {

    static final int FAKE_NONE = 0;
    static final int FAKE_QUEUED = 1;
    static final int FAKE_DUE = 2;

    final SelectorLoop loop;
    final SelectionKey key;
    final Ready ready;
    private final Pollable pollable;
    private int interest;
    private boolean cancelled;
    int fake = FAKE_NONE;

    SelectorRegistration(SelectorLoop loop, SelectionKey key, Pollable pollable, int interest, Ready ready) {
        this.loop = loop;
        this.key = key;
        this.pollable = pollable;
        this.interest = interest;
        this.ready = ready;
    }

    @Override
    public Pollable pollable() {
        return pollable;
    }

    @Override
    public int interest() {
        return interest;
    }

    @Override
    public void interest(int ops) {
        Interest.require(ops);
        loop.requireLoopThread("Registration.interest");
        if (!isValid()) {
            throw new IllegalStateException("cannot change the interest of a cancelled registration: " + this);
        }
        int jdk = jdkOps(key.channel(), ops);
        interest = ops;
        if (key.interestOps() != jdk) {
            key.interestOps(jdk);
        }
    }

    @Override
    public void cancel() {
        if (cancelled || loop.isTerminated()) {
            cancelled = true; // a closed selector has dropped every key already
            return;
        }
        loop.requireLoopThread("Registration.cancel");
        cancelled = true;
        fake = FAKE_NONE;
        key.cancel();
        loop.deregistrationPending(); // the selector lets go of the channel at its next select
    }

    @Override
    public boolean isValid() {
        return !cancelled && key.isValid();
    }

    /**
     * Loop thread, after a dispatch: the key's JDK operations for the current interest and
     * channel state (a connect may have finished in the callback).
     */
    void sync() {
        if (isValid()) {
            int jdk = jdkOps(key.channel(), interest);
            if (key.interestOps() != jdk) {
                key.interestOps(jdk);
            }
        }
    }

    /** The SPI bits in {@code key.readyOps()}, limited to what is wanted now. */
    int readyOps() {
        int jdk = key.readyOps();
        int ops = 0;
        if ((jdk & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
            ops |= Interest.READ;
        }
        if ((jdk & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
            ops |= Interest.WRITE;
        }
        return ops & interest;
    }

    /**
     * The JDK operations that stand for {@code ops} on {@code channel}.
     *
     * @throws IllegalArgumentException if the channel cannot be watched for one of them (WRITE on a listener)
     */
    static int jdkOps(SelectableChannel channel, int ops) {
        int valid = channel.validOps();
        int jdk = 0;
        if (Interest.isReadable(ops)) {
            if ((valid & SelectionKey.OP_READ) != 0) {
                jdk |= SelectionKey.OP_READ;
            } else if ((valid & SelectionKey.OP_ACCEPT) != 0) {
                jdk |= SelectionKey.OP_ACCEPT;
            } else {
                throw new IllegalArgumentException(channel + " cannot be watched for READ");
            }
        }
        if (Interest.isWritable(ops)) {
            if (channel instanceof SocketChannel sc && sc.isConnectionPending()) {
                jdk |= SelectionKey.OP_CONNECT;
            } else if ((valid & SelectionKey.OP_WRITE) != 0) {
                jdk |= SelectionKey.OP_WRITE;
            } else {
                throw new IllegalArgumentException(channel + " cannot be watched for WRITE (a listener only"
                        + " has READ: a pending accept)");
            }
        }
        return jdk;
    }

    @Override
    public String toString() {
        String jdk;
        try {
            jdk = "0x" + Integer.toHexString(key.interestOps());
        } catch (RuntimeException e) { // cancelled key or closed selector
            jdk = "-";
        }
        return "SelectorRegistration{" + pollable + ", interest=" + Interest.toString(interest) + ", jdkOps=" + jdk
                + (cancelled ? ", cancelled" : key.isValid() ? "" : ", invalid (channel closed)")
                + (fake == FAKE_QUEUED ? ", fake queued" : fake == FAKE_DUE ? ", fake due" : "") + '}';
    }
}
