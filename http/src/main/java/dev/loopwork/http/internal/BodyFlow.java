package dev.loopwork.http.internal;

import dev.loopwork.http.BodyConsumer;
import dev.loopwork.http.BodyControl;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link BodyControl} of one request body, the same on HTTP/1.1 ({@link Exchange}) and HTTP/2
 * ({@code h2.H2Stream}): the pause state a consumer sets from any thread, the bytes it took, and
 * the rule that a consumer which leaves bytes must have paused. What pausing and resuming do to
 * the transport (stop reading the connection, or withhold one stream's window) is the subclass's.
 *
 * <h2>States</h2>
 * active and running → active and paused ({@link #pause()}) → running again ({@link #resume()});
 * either → ended ({@link #stop()}, the body will not be delivered further), after which pause and
 * resume do nothing.
 */
public abstract class BodyFlow implements BodyControl {

    private volatile boolean active = true;
    private volatile boolean paused;
    /** Counts pauses, so that a pause and resume from another thread during onChunk are seen. */
    private final AtomicInteger pauses = new AtomicInteger();
    private volatile long bodyReceived;
    /** Whether the consumer paused during the last {@link #offer} (loop thread). */
    private boolean pausedInLastOffer;

    /**
     * Hands {@code data} to {@code consumer}; returns the bytes it took. Throws what the consumer
     * throws, and IllegalStateException for bytes it left without pausing. Loop thread.
     */
    protected final int offer(BodyConsumer consumer, ByteBuffer data) throws Exception {
        int n = data.remaining();
        int pausesBefore = pauses.get();
        consumer.onChunk(data, this);
        int used = n - data.remaining();
        bodyReceived += used;
        // "Paused during the call", not "paused now": another thread may already have resumed.
        pausedInLastOffer = paused || pauses.get() != pausesBefore;
        if (used < n && !pausedInLastOffer) {
            throw new IllegalStateException(consumer + " left " + (n - used) + " body bytes unconsumed without pausing");
        }
        return used;
    }

    protected final boolean pausedInLastOffer() {
        return pausedInLastOffer;
    }

    /** The body will not be delivered further: pause and resume do nothing from now on. */
    public final void stop() {
        active = false;
    }

    public final boolean isActive() {
        return active;
    }

    /** Called after the state changed to paused, on the caller's thread. */
    protected abstract void paused();

    /** Called after the state changed back to running, on the caller's thread. */
    protected abstract void resumed();

    @Override
    public final void pause() {
        if (!active || paused) {
            return;
        }
        paused = true;
        pauses.incrementAndGet();
        paused();
    }

    @Override
    public final void resume() {
        if (!active || !paused) {
            return;
        }
        paused = false;
        resumed();
    }

    @Override
    public final boolean isPaused() {
        return paused;
    }

    @Override
    public final long bytesReceived() {
        return bodyReceived;
    }
}
