package dev.loopwork.nio;

import dev.loopwork.spi.Interest;
import dev.loopwork.spi.Pollable;
import dev.loopwork.spi.Ready;
import dev.loopwork.spi.Registration;

import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** A {@link SelectionKey} behind the SPI's {@link Registration}. Loop thread only. */
final class NioRegistration implements Registration {

    private final NioLoop loop;
    private final Pollable pollable;
    final Ready ready;
    private SelectionKey key;
    private int interest;
    boolean fakeQueued;

    NioRegistration(NioLoop loop, Pollable pollable, Ready ready, int interest) {
        this.loop = loop;
        this.pollable = pollable;
        this.ready = ready;
        this.interest = interest;
    }

    void attach(SelectionKey key) {
        this.key = key;
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
        loop.requireInLoop("Registration.interest");
        if (!key.isValid()) {
            throw new IllegalStateException("registration of " + pollable + " is cancelled");
        }
        interest = ops;
        key.interestOps(toSelectorOps(key, ops));
    }

    @Override
    public void cancel() {
        if (key != null && key.isValid()) {
            loop.requireInLoop("Registration.cancel");
            key.cancel();
            loop.keyCancelled();
        }
    }

    @Override
    public boolean isValid() {
        return key != null && key.isValid();
    }

    /** Selector interest for SPI interest: READ is accept for listeners, WRITE is connect while connecting. */
    static int toSelectorOps(SelectionKey key, int ops) {
        int s = 0;
        if (Interest.isReadable(ops)) {
            s |= key.channel() instanceof ServerSocketChannel ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ;
        }
        if (Interest.isWritable(ops)) {
            boolean connecting = key.channel() instanceof SocketChannel
                    && ((SocketChannel) key.channel()).isConnectionPending();
            s |= connecting ? SelectionKey.OP_CONNECT : SelectionKey.OP_WRITE;
        }
        return s;
    }

    static int fromSelectorOps(int readyOps) {
        int ops = 0;
        if ((readyOps & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
            ops |= Interest.READ;
        }
        if ((readyOps & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
            ops |= Interest.WRITE;
        }
        return ops;
    }

    @Override
    public String toString() {
        return "NioRegistration{" + pollable + ", interest=" + Interest.toString(interest)
                + (isValid() ? "" : ", cancelled") + (fakeQueued ? ", fake queued" : "") + '}';
    }
}
