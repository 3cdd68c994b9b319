package dev.loopwork.http.internal;

import dev.loopwork.Connection;
import dev.loopwork.http.BodyConsumer;
import dev.loopwork.http.BodyControl;
import dev.loopwork.http.HttpLimits;

import java.nio.ByteBuffer;

/**
 * One request and its response on a connection: the body's decoder and consumer, its flow
 * control, and the flags the connection's state machine and the response share.
 *
 * <h2>Threads</h2>
 * The decoder and consumer run on the loop thread. The flags the response reads when it commits
 * from another thread ({@link #bodyComplete}, {@link #bodyRemaining}, ...) are volatile;
 * {@link BodyControl} methods may be called from any thread.
 */
final class Exchange extends BodyFlow implements BodySink {

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

    volatile boolean bodyComplete;
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
        int used = offer(consumer, data);
        if (bodyRemaining > 0) {
            bodyRemaining -= used;
        }
        return !pausedInLastOffer();
    }

    // ---- BodyControl (any thread) ----

    @Override
    protected void paused() {
        connection.pauseReading();
        if (!isActive()) {
            owner.requestSettle(); // the exchange ended meanwhile: let the loop re-decide reading
        }
    }

    @Override
    protected void resumed() {
        owner.requestSettle();
    }

    @Override
    public long contentLength() {
        return request.contentLength();
    }

    @Override
    public String toString() {
        return "Exchange{" + request + ", body=" + bytesReceived() + (bodyComplete ? " complete" : "")
                + (isPaused() ? ", paused" : "") + (discarding ? ", discarding" : "") + (closeAfter ? ", closeAfter" : "")
                + ", decoder=" + decoder + ", " + response + '}';
    }
}
