package dev.loopwork.support;

import dev.loopwork.spi.Interest;
import dev.loopwork.spi.Pollable;
import dev.loopwork.spi.Ready;
import dev.loopwork.spi.Registration;
import dev.loopwork.spi.jdk.JdkSockets;

import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Objects;

/**
 * A {@link Registration} over one {@link SelectionKey} of a JDK-selector loop, with the SPI's rules
 * built in: the interest translated by {@link JdkInterest} (the connect trap), re-translated after
 * each callback ({@link #sync()}); ready bits masked with the current interest ({@link #readyBits()});
 * misuse reported with typed exceptions. The loop supplies, as its {@link Owner}, its thread check
 * and what a cancel must do on its side (drop a queued fake, select once before the next task).
 *
 * <h2>Threads</h2>
 * Every method on the loop thread ({@link #requireLoopThread} throws otherwise), except that
 * cancelling a registration that is already cancelled, or whose loop has terminated, is a no-op from
 * any thread (teardown code may call it late).
 */
public final class SelectorRegistration implements Registration {

    /** What a registration needs from its loop. */
    public interface Owner {
        /** Throws {@link dev.loopwork.WrongThreadException} unless called on the loop thread. */
        void requireLoopThread(String what);

        /** Whether the loop has terminated (its selector is closed, every key is gone). */
        boolean isTerminated();

        /** Loop thread, once, after the key was cancelled: withdraw a queued fake, select before the next task. */
        void cancelled(SelectorRegistration registration);
    }

    private final Owner loop;
    private final SelectionKey key;
    private final Pollable pollable;
    private final Ready ready;
    private int interest;
    private boolean cancelled;

    /**
     * Registers {@code pollable} with the loop's {@code selector}: what a loop's {@code register} does.
     *
     * @param selectNow called when the channel still has a cancelled key (the JDK refuses a new one
     *                  until the next select): the loop's {@code selectNow}
     * @throws IllegalArgumentException a pollable not made by {@code JdkSockets}, stray bits, WRITE on a
     *                                  listener, a channel in blocking mode
     * @throws IllegalStateException    if the pollable is already registered with this selector
     * @throws UncheckedIOException     if the channel is closed
     */
    public static SelectorRegistration register(Owner loop, Selector selector, Pollable pollable, int interest,
                                                Ready ready, Runnable selectNow) {
        Objects.requireNonNull(ready, "ready");
        loop.requireLoopThread("register");
        return new SelectorRegistration(loop, newKey(selector, pollable, interest, selectNow, loop.toString()),
                pollable, interest, ready);
    }

    private SelectorRegistration(Owner loop, SelectionKey key, Pollable pollable, int interest, Ready ready) {
        this.loop = loop;
        this.ready = ready;
        this.key = Objects.requireNonNull(key, "key");
        this.pollable = Objects.requireNonNull(pollable, "pollable");
        this.interest = Interest.require(interest);
        key.attach(this);
    }

    /** The channel's new key, with the SPI's exceptions (see {@link #register}). */
    static SelectionKey newKey(Selector selector, Pollable pollable, int interest, Runnable selectNow,
                                      String loopName) {
        SelectableChannel channel = JdkSockets.channel(pollable);
        int ops = JdkInterest.selectorOps(channel, interest);
        SelectionKey old = channel.keyFor(selector);
        if (old != null && old.isValid()) {
            throw new IllegalStateException(pollable + " is already registered with loop '" + loopName + "'");
        } else if (old != null) {
            selectNow.run();
        }
        try {
            return channel.register(selector, ops);
        } catch (ClosedChannelException e) {
            throw new UncheckedIOException("cannot register " + pollable + " with loop '" + loopName + "': it is closed", e);
        } catch (IllegalBlockingModeException e) {
            throw new IllegalArgumentException("cannot register " + pollable + ": it is in blocking mode", e);
        }
    }

    /**
     * {@code registration} as a registration of {@code loop}.
     *
     * @throws IllegalArgumentException if another loop made it (a caller's bug: the core never does this)
     */
    public static SelectorRegistration ownedBy(Registration registration, Owner loop) {
        if (registration instanceof SelectorRegistration r && r.loop == loop) {
            return r;
        }
        throw new IllegalArgumentException(registration + " was not made by loop " + loop);
    }

    /** The callback of this registration. */
    public Ready ready() {
        return ready;
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
        int selectorOps = JdkInterest.selectorOps(key.channel(), ops); // a refused interest leaves the old one
        interest = ops;
        if (key.interestOps() != selectorOps) {
            key.interestOps(selectorOps);
        }
    }

    @Override
    public void cancel() {
        if (!cancelled && !loop.isTerminated()) {
            loop.requireLoopThread("Registration.cancel");
            cancelled = true;
            key.cancel();
            loop.cancelled(this);
        }
        cancelled = true; // a closed selector has dropped every key already
    }

    @Override
    public boolean isValid() {
        return !cancelled && key.isValid();
    }

    /** The SPI bits the key is ready for, masked with the interest now; 0 when cancelled. Call right before the callback. */
    public int readyBits() {
        return isValid() ? JdkInterest.readyBits(key.readyOps(), interest) : 0;
    }

    /** Loop thread, after each callback: the key's operations for the interest and the channel's state now. */
    public void sync() {
        if (isValid()) {
            int ops = JdkInterest.selectorOps(key.channel(), interest);
            if (key.interestOps() != ops) {
                key.interestOps(ops);
            }
        }
    }

    @Override
    public String toString() {
        return "SelectorRegistration{" + pollable + ", interest=" + Interest.toString(interest)
                + (cancelled ? ", cancelled" : key.isValid() ? "" : ", invalid (channel closed)") + '}';
    }
}
