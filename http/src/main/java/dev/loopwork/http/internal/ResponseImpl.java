package dev.loopwork.http.internal;

import dev.loopwork.Connection;
import dev.loopwork.http.Response;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The response of one {@link Exchange}. Thread-safe: every state change happens under this
 * object's lock, and so does every write of the head, so the server's own {@code 100 Continue} or
 * error answer can never interleave with the application's head.
 */
final class ResponseImpl implements Response {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final Exchange exchange;
    private final Connection connection;
    private final boolean headRequest;
    private final boolean http10;
    private final String serverName;

    private int status = 200;
    private final List<String> fields = new ArrayList<>(8);
    private boolean applicationClose;
    private boolean hasContentType;
    private boolean committed;
    private volatile boolean complete;
    private boolean chunked;
    /** The body is not sent: HEAD, 204, 304. */
    private boolean suppressBody;
    private long declared = -1;
    private long written;
    /** Set when the server answered on its own (the request failed); the application may not use it then. */
    private String answeredByServer;
    private Runnable writableAction;

    ResponseImpl(Exchange exchange, Connection connection, boolean headRequest, boolean http10, String serverName) {
        this.exchange = exchange;
        this.connection = connection;
        this.headRequest = headRequest;
        this.http10 = http10;
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
        if (name.equalsIgnoreCase("Connection")) {
            if (containsToken(value, "close")) {
                applicationClose = true;
            }
            return this; // the server writes Connection itself
        }
        if (name.equalsIgnoreCase("Content-Type")) {
            hasContentType = true;
        }
        fields.add(name);
        fields.add(value.strip());
        return this;
    }

    @Override
    public void send(ByteBuffer body) {
        synchronized (this) {
            checkUsable();
            checkNotCommitted("send");
            commit(body.remaining());
            writeBody(body);
            finish();
        }
        exchange.owner.responseCompleted();
    }

    @Override
    public void send(CharSequence text) {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(text));
        synchronized (this) {
            checkUsable();
            if (!hasContentType && !committed) {
                header("Content-Type", "text/plain; charset=utf-8");
            }
        }
        send(bytes);
    }

    @Override
    public synchronized void begin(long contentLength) {
        checkUsable();
        checkNotCommitted("begin");
        if (contentLength < -1) {
            throw new IllegalArgumentException("contentLength must be >= 0, or -1 for unknown, was " + contentLength);
        }
        commit(contentLength);
    }

    @Override
    public synchronized boolean write(ByteBuffer data) {
        checkUsable();
        if (!committed) {
            throw new IllegalStateException("write before begin(): the head must be sent first");
        }
        if (complete) {
            throw new IllegalStateException("write after end()");
        }
        return writeBody(data);
    }

    @Override
    public void end() {
        synchronized (this) {
            checkUsable();
            if (complete) {
                throw new IllegalStateException("end() called twice");
            }
            if (!committed) {
                commit(0);
            }
            finish();
        }
        exchange.owner.responseCompleted();
    }

    @Override
    public void whenWritable(Runnable action) {
        java.util.Objects.requireNonNull(action, "action");
        synchronized (this) {
            checkUsable();
            writableAction = action;
        }
        // The connection may have become writable (and its event passed) before the action was
        // stored: check again, and whoever takes the action runs it, this thread or fireWritable().
        if (connection.isWritable()) {
            Runnable mine;
            synchronized (this) {
                mine = writableAction;
                writableAction = null;
            }
            if (mine != null) {
                connection.loop().execute(mine);
            }
        }
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

    /** The connection became writable (loop thread). */
    void fireWritable() {
        Runnable action;
        synchronized (this) {
            action = writableAction;
            writableAction = null;
        }
        if (action != null) {
            action.run();
        }
    }

    /** Sends {@code 100 Continue} unless the head was already sent. */
    synchronized void sendContinue() {
        if (!committed && answeredByServer == null) {
            connection.write(HeadWriter.continueHead());
            exchange.continueSent = true;
        }
    }

    /**
     * The request failed: answers {@code status} with {@code Connection: close} if nothing was sent
     * yet. Returns whether it did.
     */
    synchronized boolean answerError(int code, String message) {
        if (answeredByServer == null) {
            answeredByServer = code + " (" + message + ')';
        }
        if (committed) {
            return false;
        }
        committed = true;
        complete = true;
        exchange.closeAfter = true;
        connection.write(errorResponse(code, message, serverName));
        return true;
    }

    /** A complete error answer with {@code Connection: close}; for requests that never got an exchange too. */
    static ByteBuffer errorResponse(int code, String message, String serverName) {
        byte[] body = ResponseRules.errorBody(code, message);
        HeadWriter w = new HeadWriter().status(code).field("Date", HttpDate.now());
        if (serverName != null) {
            w.field("Server", serverName);
        }
        ByteBuffer head = w.field("Content-Type", "text/plain; charset=utf-8")
                .field("X-Content-Type-Options", "nosniff")
                .field("Content-Length", body.length).field("Connection", "close").end();
        return ByteBuffer.allocate(head.remaining() + body.length).put(head).put(body).flip();
    }

    // ---- internals (under the lock) ----

    private void commit(long length) {
        boolean noBodyStatus = Statuses.noBody(status);
        suppressBody = headRequest || noBodyStatus;
        boolean unknown = length < 0 && !noBodyStatus && !headRequest;
        boolean closeDelimited = unknown && http10;
        boolean close = exchange.decideClose(applicationClose, closeDelimited);
        HeadWriter w = new HeadWriter().status(status).field("Date", HttpDate.now());
        if (serverName != null) {
            w.field("Server", serverName);
        }
        for (int i = 0; i < fields.size(); i += 2) {
            w.field(fields.get(i), fields.get(i + 1));
        }
        if (!noBodyStatus) {
            if (length >= 0) {
                w.field("Content-Length", length);
            } else if (unknown && !http10) {
                w.field("Transfer-Encoding", "chunked");
                chunked = true;
            }
        }
        if (close) {
            w.field("Connection", "close");
        } else if (http10) {
            w.field("Connection", "keep-alive");
        }
        declared = length;
        committed = true;
        connection.write(w.end());
    }

    private boolean writeBody(ByteBuffer data) {
        int n = data.remaining();
        if (n == 0) {
            return connection.isWritable();
        }
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
            return connection.isWritable();
        }
        if (chunked) {
            byte[] size = (Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            return connection.write(ByteBuffer.wrap(size), data, ByteBuffer.wrap(CRLF));
        }
        return connection.write(data);
    }

    private void finish() {
        if (declared >= 0 && written < declared && !suppressBody) {
            // The framing promised more bytes: the connection cannot carry another message.
            exchange.closeAfter = true;
            complete = true;
            connection.close();
            throw new IllegalStateException("end() after " + written + " of " + declared + " declared bytes; closing");
        }
        if (chunked) {
            connection.write(ByteBuffer.wrap(LAST_CHUNK));
        }
        complete = true;
    }

    private void checkUsable() {
        if (answeredByServer != null) {
            throw new IllegalStateException("the server already answered this request with " + answeredByServer);
        }
    }

    private void checkNotCommitted(String what) {
        if (committed) {
            throw new IllegalStateException(what + " after the response head was sent");
        }
    }

    private static boolean containsToken(String value, String token) {
        for (String t : value.split(",", -1)) {
            if (t.strip().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized String toString() {
        return "Response{" + status + (committed ? ", committed" : "") + (complete ? ", complete" : "")
                + (chunked ? ", chunked" : ", length=" + declared) + ", written=" + written
                + (answeredByServer != null ? ", answeredByServer=" + answeredByServer : "") + '}';
    }
}
