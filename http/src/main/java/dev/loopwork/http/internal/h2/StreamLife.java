package dev.loopwork.http.internal.h2;

import dev.loopwork.http.HttpException;
import dev.loopwork.http.HttpLimits;
import dev.loopwork.http.RequestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;

/**
 * The life of the streams of one connection once they are open: request DATA in (delivered to the
 * consumer, or held while it is paused), completion, failure, resets either way, the response's
 * queue turned into frames, and retirement from the {@link StreamTable}. Loop thread only.
 */
final class StreamLife {

    private static final Logger log = LoggerFactory.getLogger(StreamLife.class);

    /** What the stream life needs from the connection. */
    interface Owner {
        /** The connection is closing or closed: no more frames for the streams. */
        boolean closing();

        boolean connectionWritable();

        /** A response waits for the client's window: the stall timer must run. */
        void waitingForWindow();

        /** A stream left the table. */
        void streamRetired();
    }

    private final Owner owner;
    private final StreamTable streams;
    private final H2Output output;
    private final FloodGuard flood;
    private final HttpLimits limits;
    /** The stream of the DATA frame being read, if its bytes go to a consumer. */
    private H2Stream dataStream;

    StreamLife(Owner owner, StreamTable streams, H2Output output, FloodGuard flood, HttpLimits limits) {
        this.owner = owner;
        this.streams = streams;
        this.output = output;
        this.flood = flood;
        this.limits = limits;
    }

    // ---- DATA in ----

    void onDataStart(int streamId, int flags, int length) {
        if (streamId == 0) {
            throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "DATA on stream 0");
        }
        output.received(length);
        if (length == 0 && (flags & H2.FLAG_END_STREAM) == 0) {
            flood.count(FloodGuard.Kind.EMPTY);
        }
        // Bytes of a frame that reaches no consumer (closed or reset stream, answered body) are
        // credited back to the connection window as they are dropped, in onData and onDataEnd.
        dataStream = null;
        H2Stream s = streams.get(streamId);
        if (s == null) {
            if (!streams.wasUsed(streamId) || (streamId & 1) == 0) {
                throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "DATA on idle stream " + streamId);
            }
            if (streams.recentlyResetByServer(streamId)) {
                return; // sent before the client saw our reset (RFC 9113 §5.1): dropped, window credited
            }
            // RFC 9113 §5.1: closed by the client's END_STREAM or RST_STREAM, so the client knows it
            // is closed. A stream error: the reset is remembered, so what else it sent is dropped.
            throw H2Exception.stream(streamId, ErrorCode.STREAM_CLOSED, "DATA on closed stream " + streamId);
        }
        if (s.reset) {
            return;
        }
        if (s.endReceived) {
            throw H2Exception.stream(streamId, ErrorCode.STREAM_CLOSED, "DATA after END_STREAM");
        }
        s.recvWindow -= length;
        if (s.recvWindow < 0) {
            throw H2Exception.stream(streamId, ErrorCode.FLOW_CONTROL_ERROR, "DATA of " + length
                    + " bytes beyond the stream window");
        }
        dataStream = s;
    }

    void onData(ByteBuffer data) {
        H2Stream s = dataStream;
        int n = data.remaining();
        if (s == null || s.reset || s.consumerDone) {
            data.position(data.limit());
            output.consumed(null, n);
            return;
        }
        s.arrived += n;
        try {
            if (s.declaredLength >= 0 && s.arrived > s.declaredLength) {
                throw H2Exception.stream(s.id, ErrorCode.PROTOCOL_ERROR, "more DATA than the content-length "
                        + s.declaredLength);
            }
            if (s.arrived > limits.maxBodySize()) {
                throw new HttpException(413, "request body larger than " + limits.maxBodySize() + " bytes");
            }
            if (s.hasHeld() || s.isPaused()) {
                s.hold(data);
                return;
            }
            int used = s.deliver(data);
            output.consumed(s, used);
            if (data.hasRemaining()) {
                s.hold(data);
            }
        } catch (H2Exception e) {
            output.consumed(null, data.remaining());
            data.position(data.limit());
            throw e;
        } catch (Throwable t) {
            int left = data.remaining();
            data.position(data.limit());
            fail(s, t);
            output.consumed(null, left);
        }
    }

    void onDataEnd(int flags, int padding) {
        H2Stream s = dataStream;
        dataStream = null;
        if (padding > 0) {
            output.consumed(s != null && !s.reset ? s : null, padding);
        }
        if (s == null || s.reset || (flags & H2.FLAG_END_STREAM) == 0) {
            return;
        }
        endOfRequest(s);
    }

    /** END_STREAM arrived (on DATA or trailers). */
    void endOfRequest(H2Stream s) {
        s.endReceived = true;
        s.state = s.state == H2Stream.State.HALF_CLOSED_LOCAL ? H2Stream.State.CLOSED : H2Stream.State.HALF_CLOSED_REMOTE;
        if (!s.consumerDone && s.declaredLength >= 0 && s.arrived != s.declaredLength) {
            throw H2Exception.stream(s.id, ErrorCode.PROTOCOL_ERROR, "END_STREAM after " + s.arrived
                    + " body bytes, content-length " + s.declaredLength);
        }
        complete(s);
    }

    /** After resume(): hands the held bytes to the consumer and reopens the windows for them. */
    void drainHeld(H2Stream s) {
        if (s.reset || s.consumerDone) {
            return;
        }
        s.restartRateWindow(System.nanoTime()); // time paused by the application does not count
        try {
            int used = s.deliverHeld();
            output.consumed(s, used);
            complete(s);
        } catch (Throwable t) {
            fail(s, t);
        }
    }

    /** Tells the consumer onComplete once the whole body was taken. */
    void complete(H2Stream s) {
        if (!s.endReceived || s.hasHeld() || s.consumerDone || s.reset || s.isPaused()) {
            return;
        }
        s.consumerDone = true;
        try {
            s.consumer.onComplete();
        } catch (Throwable t) {
            s.consumerDone = false;
            fail(s, t);
            return;
        }
        flush(s);
    }

    // ---- failures and resets ----

    /** The request failed: the consumer hears why, the client gets an error answer if none was sent. */
    void fail(H2Stream s, Throwable t) {
        int status;
        String message;
        if (t instanceof HttpException) {
            status = ((HttpException) t).status();
            message = t.getMessage();
            log.debug("stream {}: answering {}: {}", s.id, status, message);
        } else if (t instanceof RequestAbortedException) {
            status = 400;
            message = t.getMessage();
            log.debug("stream {}: answering 400: {}", s.id, message);
        } else {
            status = 500;
            message = "internal server error";
            log.warn("{}: failed; answering 500", s, t);
        }
        abort(s, t);
        output.consumed(null, s.dropHeld());
        if (!s.response.answerError(status, message) && !s.response.endSent()) {
            reset(s, ErrorCode.INTERNAL_ERROR, false); // a response was under way: cut it
            return;
        }
        flush(s);
    }

    /** Answers {@code status} before the handler ran; the body, if any, is dropped as it comes. */
    void refuse(H2Stream s, int status, String message) {
        log.debug("stream {}: answering {}: {}", s.id, status, message);
        s.consumerDone = true;
        s.response.answerError(status, message);
        flush(s);
    }

    /** Tells the consumer (once) that its body will not complete. */
    private void abort(H2Stream s, Throwable cause) {
        s.stop();
        if (s.reset && s.response != null) {
            // Before onError: a response written once the consumer heard of the end must throw.
            s.response.cancel("HTTP/2 stream " + s.id + " closed: " + cause.getMessage());
        }
        if (!s.consumerDone && s.consumer != null) {
            s.consumerDone = true;
            try {
                s.consumer.onError(cause);
            } catch (Throwable x) {
                log.warn("{}.onError threw", s.consumer, x);
            }
        }
        s.consumerDone = true;
        output.consumed(null, s.dropHeld());
    }

    /** Sends RST_STREAM and ends the stream here. {@code clientFault}: counted against the reset limit. */
    void reset(H2Stream s, ErrorCode code, boolean clientFault) {
        reset(s, code, clientFault, new RequestAbortedException("the server reset stream " + s.id + " with " + code));
    }

    /** {@link #reset(H2Stream, ErrorCode, boolean)}; the consumer hears {@code cause}. */
    void reset(H2Stream s, ErrorCode code, boolean clientFault, Throwable cause) {
        if (s.reset) {
            return;
        }
        output.frame(Frames.rstStream(s.id, code));
        streams.serverReset(s.id);
        s.reset = true;
        abort(s, cause);
        retire(s);
        if (clientFault) {
            flood.count(FloodGuard.Kind.RESET);
        }
    }

    /** A stream error (RFC 9113 §5.4.2): RST_STREAM with its code, counted against the reset limit. */
    void streamError(H2Exception e) {
        H2Stream s = streams.get(e.streamId());
        if (s != null) {
            reset(s, e.code(), true);
        } else {
            output.frame(Frames.rstStream(e.streamId(), e.code()));
            streams.serverReset(e.streamId());
            flood.count(FloodGuard.Kind.RESET);
        }
    }

    void resetByClient(H2Stream s, String code) {
        log.debug("the client reset stream {} ({})", s.id, code);
        s.reset = true;
        abort(s, new RequestAbortedException("the client reset the stream (" + code + ") after "
                + s.bytesReceived() + " body bytes"));
        retire(s);
    }

    /** Every stream ends at once (the connection is going): their consumers hear {@code why}. */
    void abortAll(String why) {
        for (H2Stream s : streams.snapshot()) {
            s.reset = true;
            abort(s, new RequestAbortedException(why + " after " + s.bytesReceived() + " body bytes of stream " + s.id));
        }
        streams.clear();
    }

    /** The connection closed: the consumers still waiting hear it with {@code cause}. */
    void closed(Throwable cause) {
        for (H2Stream s : streams.snapshot()) {
            s.reset = true; // nothing more can go to the wire: the response throws ClosedException from now on
            abort(s, new RequestAbortedException("the connection closed after " + s.bytesReceived()
                    + " body bytes, before the request body was complete", cause));
        }
        streams.clear();
    }

    // ---- output ----

    /** Sends the stream's queued output as the windows allow; retires the stream when both sides are done. */
    void flush(H2Stream s) {
        if (s.reset || !streams.isLive(s) || owner.closing()) {
            return;
        }
        long sentBefore = s.sentBytes;
        boolean waiting = s.response.drain(output);
        if (waiting) {
            if (s.blockedSince == 0 || s.sentBytes != sentBefore) {
                s.blockedSince = System.nanoTime();
            }
            streams.markBlocked(s);
            owner.waitingForWindow();
        } else {
            s.blockedSince = 0;
            streams.unblock(s);
        }
        if (owner.connectionWritable()) {
            Runnable action = s.response.takeWritableAction();
            if (action != null) {
                try {
                    action.run();
                } catch (Throwable t) {
                    fail(s, t);
                    return;
                }
            }
        }
        if (s.response.endSent()) {
            responseEnded(s);
        }
    }

    /** Resets (CANCEL) every response that could not send for {@code nanos}: the client keeps its window shut. */
    void resetStalled(long nanos, Object period) {
        long now = System.nanoTime();
        for (H2Stream s : streams.blockedSnapshot()) {
            if (s.blockedSince != 0 && now - s.blockedSince >= nanos) {
                log.debug("stream {} could not send for {}: the client keeps its window closed", s.id, period);
                reset(s, ErrorCode.CANCEL, false);
            }
        }
    }

    void flushAll() {
        for (H2Stream s : streams.snapshot()) {
            flush(s);
        }
    }

    void flushBlocked() {
        for (H2Stream s : streams.blockedSnapshot()) {
            flush(s);
        }
    }

    private void responseEnded(H2Stream s) {
        if (s.reset || !streams.isLive(s)) {
            return;
        }
        if (!s.endReceived || !s.consumerDone) {
            // RFC 9113 §8.1: a complete response before the whole request; RST_STREAM NO_ERROR asks
            // the client to stop sending the body.
            output.frame(Frames.rstStream(s.id, ErrorCode.NO_ERROR));
            streams.serverReset(s.id);
            s.reset = true;
            abort(s, new RequestAbortedException("the response completed after " + s.bytesReceived()
                    + " body bytes; the rest of the request body is discarded"));
        }
        retire(s);
    }

    private void retire(H2Stream s) {
        if (!streams.remove(s)) {
            return;
        }
        s.stop();
        s.state = H2Stream.State.CLOSED;
        if (dataStream == s) {
            dataStream = null;
        }
        owner.streamRetired();
    }

    @Override
    public String toString() {
        return "StreamLife{" + streams + (dataStream != null ? ", data on " + dataStream.id : "") + '}';
    }
}
