package dev.loopwork.http.internal.h2;

import dev.loopwork.ClosedException;
import dev.loopwork.http.Response;
import dev.loopwork.http.internal.ResponseRules;
import dev.loopwork.http.internal.Statuses;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The response of one HTTP/2 stream. Callable from any thread: each call checks and records what
 * it asks under this object's lock (the same misuse rules as HTTP/1.1), and queues it; the
 * connection turns the queue into HEADERS and DATA frames on the loop thread, within the client's
 * flow-control windows. {@link #write} reports the stream's queue above 256 KiB (or the connection
 * above its watermark) as not writable. Once the stream was reset (by the client, or by the server
 * for a stall) or the connection closed, what would put bytes on the wire ({@code send},
 * {@code begin}, {@code write} of a body byte, {@code end}) throws {@link ClosedException}, as a
 * write to a closed HTTP/1.1 connection does; the request's consumer was told through
 * {@code onError}.
 */
final class H2Response implements Response {

    static final int HIGH_WATERMARK = 256 * 1024;
    static final int LOW_WATERMARK = 64 * 1024;
    static final Object END = new Object();

    /** A head to send: final (status >= 200) or interim (100). */
    record Head(int status, List<String> fields, boolean endStream) {
    }

    /** What the connection does with the queue, on the loop thread. */
    interface Sink {
        void headers(H2Stream s, Head head);

        /** Bytes the stream may send now (windows and frame size). */
        int allowance(H2Stream s);

        void data(H2Stream s, ByteBuffer payload, boolean endStream);
    }

    private final H2Stream stream;
    private final boolean headRequest;
    private final String serverName;

    private int status = 200;
    private final List<String> fields = new ArrayList<>(8);
    private boolean hasContentType;
    private boolean committed;
    private volatile boolean complete;
    private boolean suppressBody;
    private long declared = -1;
    private long written;
    private String answeredByServer;
    private boolean cancelled;
    /** Why the stream cannot carry this response any more, or null while it can. */
    private String closedBecause;
    private Runnable writableAction;
    private final ArrayDeque<Object> ops = new ArrayDeque<>();
    private long queued;
    /** END has left the queue (END_STREAM sent). */
    private boolean endSent;

    H2Response(H2Stream stream, boolean headRequest, String serverName) {
        this.stream = stream;
        this.headRequest = headRequest;
        this.serverName = serverName;
    }

    @Override
    public synchronized Response status(int code) {
        checkUsable();
        checkNotCommitted("status");
        ResponseRules.checkStatus(code);
        this.status = code;
        return this;
    }

    @Override
    public synchronized Response header(String name, String value) {
        checkUsable();
        checkNotCommitted("header " + name);
        ResponseRules.checkField(name, value);
        ResponseRules.checkNotFraming(name);
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("connection") || lower.equals("keep-alive") || lower.equals("upgrade")
                || lower.equals("proxy-connection")) {
            return this; // connection-specific: HTTP/2 has none (RFC 9113 §8.2.2)
        }
        if (lower.equals("content-type")) {
            hasContentType = true;
        }
        fields.add(lower);
        fields.add(value.strip());
        return this;
    }

    @Override
    public void send(ByteBuffer body) {
        synchronized (this) {
            checkUsable();
            checkNotCommitted("send");
            checkOpen();
            int n = body.remaining();
            commit(n);
            if (n > 0 && !suppressBody) {
                queue(body);
            }
            finish();
        }
        stream.outputQueued();
    }

    @Override
    public void send(CharSequence text) {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(text));
        synchronized (this) {
            checkUsable();
            if (!hasContentType && !committed) {
                header("content-type", "text/plain; charset=utf-8");
            }
        }
        send(bytes);
    }

    @Override
    public void begin(long contentLength) {
        synchronized (this) {
            checkUsable();
            checkNotCommitted("begin");
            if (contentLength < -1) {
                throw new IllegalArgumentException("contentLength must be >= 0, or -1 for unknown, was " + contentLength);
            }
            checkOpen();
            commit(contentLength);
        }
        stream.outputQueued();
    }

    @Override
    public boolean write(ByteBuffer data) {
        boolean below;
        synchronized (this) {
            checkUsable();
            if (!committed) {
                throw new IllegalStateException("write before begin(): the head must be sent first");
            }
            if (complete) {
                throw new IllegalStateException("write after end()");
            }
            int n = data.remaining();
            if (declared >= 0 && written + n > declared) {
                throw new IllegalStateException("writing " + n + " bytes would exceed the declared length "
                        + declared + " (" + written + " written)");
            }
            written += n;
            if (suppressBody) {
                if (!headRequest) {
                    throw new IllegalStateException("a " + status + " response has no body");
                }
                data.position(data.limit());
            } else if (n > 0) {
                checkOpen();
                queue(data);
            }
            below = queued < HIGH_WATERMARK;
        }
        stream.outputQueued();
        return below && stream.connectionWritable();
    }

    @Override
    public void end() {
        synchronized (this) {
            checkUsable();
            if (complete) {
                throw new IllegalStateException("end() called twice");
            }
            checkOpen();
            if (!committed) {
                commit(0);
            }
            if (declared >= 0 && written < declared && !suppressBody) {
                complete = true;
                cancelled = true;
                ops.clear();
                stream.resetLater(ErrorCode.INTERNAL_ERROR);
                throw new IllegalStateException("end() after " + written + " of " + declared
                        + " declared bytes; the stream is reset");
            }
            finish();
        }
        stream.outputQueued();
    }

    @Override
    public void whenWritable(Runnable action) {
        java.util.Objects.requireNonNull(action, "action");
        synchronized (this) {
            checkUsable();
            writableAction = action;
        }
        stream.outputQueued(); // the loop fires it at once if there is room
    }

    @Override
    public synchronized boolean isCommitted() {
        return committed;
    }

    @Override
    public boolean isComplete() {
        return complete;
    }

    // ---- server side ----

    /** Queues {@code 100 Continue} unless the head was already sent. */
    synchronized void sendContinue() {
        if (!committed && answeredByServer == null) {
            ops.add(new Head(100, List.of(), false));
        }
    }

    /** The server answers on its own (the request failed); returns whether anything was queued. */
    boolean answerError(int code, String message) {
        synchronized (this) {
            if (answeredByServer == null) {
                answeredByServer = code + " (" + message + ')';
            }
            if (committed || cancelled) {
                return false;
            }
            byte[] body = ResponseRules.errorBody(code, message);
            status = code;
            fields.clear();
            fields.add("content-type");
            fields.add("text/plain; charset=utf-8");
            fields.add("x-content-type-options");
            fields.add("nosniff");
            suppressBody = headRequest;
            commit(body.length);
            if (!suppressBody) {
                queue(ByteBuffer.wrap(body));
            }
            finish();
        }
        stream.outputQueued();
        return true;
    }

    /** The stream was reset or the connection closed ({@code why}): drops the queue; later writes throw. */
    synchronized void cancel(String why) {
        if (closedBecause == null) {
            closedBecause = why;
        }
        cancelled = true;
        ops.clear();
        queued = 0;
        writableAction = null;
    }

    synchronized boolean hasOutput() {
        return !ops.isEmpty();
    }

    synchronized boolean endSent() {
        return endSent;
    }

    /**
     * Moves queued output into frames as the windows allow. Loop thread. Returns whether output is
     * left that waits for a window.
     */
    synchronized boolean drain(Sink sink) {
        while (!ops.isEmpty()) {
            Object op = ops.peekFirst();
            if (op instanceof Head) {
                ops.pollFirst();
                Head h = (Head) op;
                if (h.status() >= 200 && ops.peekFirst() == END) {
                    ops.pollFirst(); // nothing follows: END_STREAM on the HEADERS frame
                    h = new Head(h.status(), h.fields(), true);
                }
                sink.headers(stream, h);
                if (h.endStream()) {
                    endSent = true;
                }
                continue;
            }
            if (op == END) {
                ops.pollFirst();
                sink.data(stream, ByteBuffer.allocate(0), true);
                endSent = true;
                continue;
            }
            ByteBuffer data = (ByteBuffer) op;
            int allowed = sink.allowance(stream);
            if (allowed <= 0) {
                return true;
            }
            int n = Math.min(allowed, data.remaining());
            ByteBuffer frame = data.slice();
            frame.limit(n);
            data.position(data.position() + n);
            queued -= n;
            boolean last = !data.hasRemaining();
            if (last) {
                ops.pollFirst();
            }
            boolean end = last && ops.peekFirst() == END;
            if (end) {
                ops.pollFirst();
                endSent = true;
            }
            sink.data(stream, frame, end);
        }
        return false;
    }

    /** Takes the writable action if the queue is low enough; the caller runs it. Loop thread. */
    synchronized Runnable takeWritableAction() {
        if (writableAction == null || queued >= LOW_WATERMARK) {
            return null;
        }
        Runnable a = writableAction;
        writableAction = null;
        return a;
    }

    synchronized long queuedBytes() {
        return queued;
    }

    // ---- internals (under the lock) ----

    private void queue(ByteBuffer data) {
        if (cancelled) {
            data.position(data.limit());
            return;
        }
        queued += data.remaining();
        ops.add(data);
    }

    private void commit(long length) {
        boolean noBodyStatus = Statuses.noBody(status);
        suppressBody = suppressBody || headRequest || noBodyStatus;
        List<String> f = new ArrayList<>(fields.size() + 8);
        f.add("date");
        f.add(dev.loopwork.http.internal.HttpDate.now());
        if (serverName != null) {
            f.add("server");
            f.add(serverName);
        }
        f.addAll(fields);
        if (length >= 0 && !noBodyStatus) {
            f.add("content-length");
            f.add(Long.toString(length));
        }
        declared = length;
        committed = true;
        if (!cancelled) {
            // A body-less answer ends the stream with its HEADERS when nothing more can follow.
            ops.add(new Head(status, f, false));
        }
    }

    private void finish() {
        if (!cancelled) {
            ops.add(END);
        }
        complete = true;
    }

    private void checkUsable() {
        if (answeredByServer != null) {
            throw new IllegalStateException("the server already answered this request with " + answeredByServer);
        }
    }

    private void checkOpen() {
        if (closedBecause != null) {
            throw new ClosedException(closedBecause);
        }
    }

    private void checkNotCommitted(String what) {
        if (committed) {
            throw new IllegalStateException(what + " after the response head was sent");
        }
    }

    @Override
    public synchronized String toString() {
        return "H2Response{" + status + (committed ? ", committed" : "") + (complete ? ", complete" : "")
                + ", length=" + declared + ", written=" + written + ", queued=" + queued + ", ops=" + ops.size()
                + (endSent ? ", endSent" : "") + (cancelled ? ", cancelled" : "")
                + (closedBecause != null ? ", closed: " + closedBecause : "")
                + (answeredByServer != null ? ", answeredByServer=" + answeredByServer : "") + '}';
    }
}
