package dev.loopwork.http.internal;

import dev.loopwork.Connection;
import dev.loopwork.http.BodyConsumer;
import dev.loopwork.http.BodyControl;
import dev.loopwork.http.HttpLimits;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One request and its response on a connection: the body's decoder and consumer, its flow
 * control, and the flags the connection's state machine and the response share.
 *
 * <h2>Threads</h2>
 * The decoder and consumer run on the loop thread. The flags the response reads when it commits
 * from another thread ({@link #bodyComplete}, {@link #bodyRemaining}, ...) are volatile;
 * {@link BodyControl} methods may be called from any thread.
 */
final class Exchange implements BodyControl, BodySink {

    final HttpConnection owner;
    final RequestImpl request;
    final ResponseImpl response;
    final BodyDecoder decoder;
    final HttpLimits limits;
    private final Connection connection;

    BodyConsumer consumer;
    /** The consumer was told the end (onComplete or onError); loop thread only. */
    boolean consumerDone;
    /** Whether the application returned no consumer (the body is dropped). */
    boolean discarding;

    volatile boolean active = true;
    volatile boolean paused;
    /** Counts pause() calls, so a pause immediately undone by another thread is still seen. */
    private final AtomicInteger pauses = new AtomicInteger();
    volatile boolean bodyComplete;
    volatile long bodyReceived;
    /** Known body bytes still to come, or -1 (chunked). */
    volatile long bodyRemaining;
    /** Decided when the response is committed: close the connection after this exchange. */
    volatile boolean closeAfter;
    /** Guarded by the response's lock. */
    boolean continueSent;

    Exchange(HttpConnection owner, RequestHead head, Connection connection, HttpLimits limits) {
        this.owner = owner;
        this.connection = connection;
        this.limits = limits;
        this.request = new RequestImpl(head, limits, connection);
        long length = head.contentLength();
        this.decoder = length < 0 ? new ChunkedDecoder(limits) : length > 0 ? new ContentLengthDecoder(length) : null;
        this.bodyRemaining = length;
        this.response = new ResponseImpl(this, connection, head.isHead(), head.minorVersion() == 0,
                owner.serverName());
    }

    boolean hasBody() {
        return decoder != null;
    }

    /**
     * Whether the connection must close after this response; called by the response when it
     * commits, under its lock, on any thread.
     */
    boolean decideClose(boolean applicationClose, boolean closeDelimited) {
        boolean close = applicationClose || closeDelimited || !request.head().keepAlive() || owner.isShuttingDown();
        if (!close && !bodyComplete) {
            long remaining = bodyRemaining;
            // A client that waits for 100 Continue may never send the body; one that sends a big
            // or unknown remainder is not worth reading to keep the connection.
            close = request.head().expectContinue() && !continueSent
                    || remaining < 0 || remaining > limits.discardLimit();
        }
        closeAfter = close;
        return close;
    }

    // ---- BodySink (loop thread) ----

    @Override
    public boolean accept(ByteBuffer data) throws Exception {
        int n = data.remaining();
        int pausesBefore = pauses.get();
        consumer.onChunk(data, this);
        int used = n - data.remaining();
        bodyReceived += used;
        if (bodyRemaining > 0) {
            bodyRemaining -= used;
        }
        // "Paused during the call", not "paused now": another thread may already have resumed.
        boolean pausedDuring = paused || pauses.get() != pausesBefore;
        if (used < n && !pausedDuring) {
            throw new IllegalStateException(consumer + " left " + (n - used) + " body bytes unconsumed without pausing");
        }
        return !pausedDuring;
    }

    // ---- BodyControl (any thread) ----

    @Override
    public void pause() {
        if (!active || paused) {
            return;
        }
        paused = true;
        pauses.incrementAndGet();
        connection.pauseReading();
        if (!active) {
            owner.requestSettle(); // the exchange ended meanwhile: let the loop re-decide reading
        }
    }

    @Override
    public void resume() {
        if (!active || !paused) {
            return;
        }
        paused = false;
        owner.requestSettle();
    }

    @Override
    public boolean isPaused() {
        return paused;
    }

    @Override
    public long bytesReceived() {
        return bodyReceived;
    }

    @Override
    public long contentLength() {
        return request.contentLength();
    }

    @Override
    public String toString() {
        return "Exchange{" + request + ", body=" + bodyReceived + (bodyComplete ? " complete" : "")
                + (paused ? ", paused" : "") + (discarding ? ", discarding" : "") + (closeAfter ? ", closeAfter" : "")
                + ", decoder=" + decoder + ", " + response + '}';
    }
}
