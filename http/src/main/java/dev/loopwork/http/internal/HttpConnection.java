package dev.loopwork.http.internal;

import dev.loopwork.Connection;
import dev.loopwork.ConnectionHandler;
import dev.loopwork.http.BodyConsumer;
import dev.loopwork.http.HttpException;
import dev.loopwork.http.HttpLimits;
import dev.loopwork.http.HttpTimeouts;
import dev.loopwork.http.RequestAbortedException;
import dev.loopwork.http.RequestHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;

/**
 * The HTTP/1.1 server side of one connection: parses heads, streams bodies to the application,
 * keeps responses in order, and decides when the connection is kept, closed, or drained.
 *
 * <h2>Phases</h2>
 * {@code HEAD} (waiting for or reading a request head) → {@code BODY} (decoding the body into the
 * application's consumer) → {@code RESPONSE_WAIT} (body done, reading paused so the next pipelined
 * request waits for this response) → {@code HEAD} again, or {@code CLOSING}. After an error answer:
 * {@code LINGER} (output shut, input read and dropped, bounded) → {@code CLOSING}.
 *
 * <h2>Re-entrancy</h2>
 * The connection core runs callbacks only inside its drive, but a write or close issued from a
 * timer or a task (not from a callback) drives at once and may call back into this object. So
 * every entry point runs {@link #guarded}: a data callback that arrives while this object is busy
 * is refused (reading is paused, the bytes stay in the core) and redelivered after the outer step
 * returns; an input shutdown is remembered and handled then.
 *
 * <h2>Reading</h2>
 * Whether the connection reads is decided in one place, {@link #syncReading()}, after each step:
 * paused while the application pauses its body, and while a complete request waits for its
 * response.
 */
public final class HttpConnection implements ConnectionHandler, Watchdog.Listener {

    private static final Logger log = LoggerFactory.getLogger(HttpConnection.class);

    enum Phase { HEAD, BODY, RESPONSE_WAIT, LINGER, CLOSING, CLOSED }

    private interface Step {
        void run() throws Exception;
    }

    private final HttpLimits limits;
    private final HttpTimeouts timeouts;
    private final RequestHandler handler;
    private final String serverName;
    private final HeadScanner scanner;
    private final HeadParser parser;
    private final Watchdog watchdog;
    private final Runnable settleTask = () -> guarded(() -> { });

    /** Set on the loop in onOpen; volatile for application threads that answer or resume. */
    private volatile Connection conn;
    private Phase phase = Phase.HEAD;
    private Exchange ex;
    private volatile boolean shuttingDown;
    private boolean inputEnded;
    private int busy;
    private boolean deferredInputEnd;
    private long lingered;
    private long requests;

    public HttpConnection(HttpLimits limits, HttpTimeouts timeouts, RequestHandler handler, String serverName) {
        this.limits = limits;
        this.timeouts = timeouts;
        this.handler = handler;
        this.serverName = serverName;
        this.scanner = new HeadScanner(limits.maxHeadSize(), true, limits.maxUriLength() + 64, 431, "request head");
        this.parser = new HeadParser(limits);
        this.watchdog = new Watchdog(timeouts, this);
    }

    /**
     * The client sent the HTTP/2 preface on a plain connection (prior knowledge): another handler
     * takes the connection over; this one stops its timer and never acts again. Loop thread.
     */
    public void handOver() {
        watchdog.off();
        phase = Phase.CLOSED;
    }

    // ---- ConnectionHandler ----

    @Override
    public void onOpen(Connection connection) {
        conn = connection;
        watchdog.start(connection.loop());
        watchdog.idle();
    }

    @Override
    public void onData(Connection connection, ByteBuffer data) {
        if (busy > 0) {
            connection.pauseReading(); // refused now, redelivered by syncReading() after the outer step
            return;
        }
        guarded(null, data); // no lambda per delivery: this is the body's hot path
    }

    @Override
    public void onWritable(Connection connection) {
        guarded(() -> {
            Exchange e = ex;
            if (e != null) {
                e.response.fireWritable();
            }
        });
    }

    @Override
    public void onInputShutdown(Connection connection) {
        if (busy > 0) {
            deferredInputEnd = true;
            return;
        }
        guarded(this::inputEnded);
    }

    @Override
    public void onShutdown(Connection connection) {
        guarded(() -> {
            shuttingDown = true;
            if (phase == Phase.HEAD && !scanner.started()) {
                close(); // idle keep-alive connection: nothing in flight
            }
            // Otherwise the exchange in flight finishes; its response says Connection: close
            // (or, if already sent, the connection closes after it).
        });
    }

    @Override
    public void onClosed(Connection connection, Throwable cause) {
        phase = Phase.CLOSED;
        watchdog.off();
        Exchange e = ex;
        ex = null;
        if (e != null) {
            e.stop();
            if (!e.consumerDone && e.consumer != null) {
                notifyError(e, new RequestAbortedException("the connection closed after " + e.bytesReceived()
                        + " body bytes, before the request body was complete", cause));
            }
        }
        log.debug("{}: closed after {} request(s)", this, requests);
    }

    @Override
    public void onTimeout(Watchdog.Kind kind) {
        guarded(() -> timeout(kind));
    }

    // ---- the steps ----

    private void guarded(Step step) {
        guarded(step, null);
    }

    /** Runs {@code step}, or {@code process(data)} if {@code data} is given, as one guarded step. */
    private void guarded(Step step, ByteBuffer data) {
        busy++;
        try {
            if (data != null) {
                process(data);
            } else {
                step.run();
            }
            advance();
        } catch (Throwable t) {
            failed(t);
            if (data != null && phase == Phase.LINGER) {
                // The rest of this delivery (the body after a refused head, ...) is input after the
                // error answer: drop it now. Left in the buffer, it would wait for more input, and
                // over TLS a nearly full buffer leaves no room to decode any.
                linger(data);
            }
        } finally {
            busy--;
        }
        if (busy == 0) {
            settle();
        }
    }

    /** After the outermost step: handle what was deferred, then decide reading. */
    private void settle() {
        if (deferredInputEnd && phase != Phase.CLOSED) {
            deferredInputEnd = false;
            guarded(this::inputEnded);
            return; // that guarded call settled
        }
        syncReading();
    }

    private void process(ByteBuffer buf) throws Exception {
        while (true) {
            advance();
            switch (phase) {
                case HEAD:
                    if (!buf.hasRemaining()) {
                        return;
                    }
                    if (!scanner.scan(buf)) {
                        if (scanner.started()) {
                            watchdog.head();
                        }
                        return;
                    }
                    RequestHead head = parser.parse(scanner.array(), scanner.length());
                    scanner.reset();
                    startExchange(head);
                    break;
                case BODY: {
                    Exchange e = ex;
                    if (e.isPaused()) {
                        return;
                    }
                    if (e.decoder.decode(buf, e) != BodyDecoder.Status.DONE) {
                        return;
                    }
                    bodyDone(e);
                    break;
                }
                case LINGER:
                    linger(buf);
                    return;
                case CLOSING:
                case CLOSED:
                    buf.position(buf.limit());
                    return;
                default: // RESPONSE_WAIT: the next request stays in the buffer until this response is done
                    return;
            }
        }
    }

    private void startExchange(RequestHead head) throws Exception {
        watchdog.off();
        requests++;
        Exchange e = new Exchange(this, head, conn, limits);
        ex = e;
        phase = e.hasBody() ? Phase.BODY : Phase.RESPONSE_WAIT;
        log.trace("{}: {}", this, e.request);
        BodyConsumer c = handler.onRequest(e.request, e.response);
        if (ex != e) {
            return; // the exchange already ended (the connection closed meanwhile)
        }
        e.consumer = c != null ? c : BodyConsumer.discard();
        e.discarding = c == null;
        if (!e.hasBody()) {
            bodyDone(e);
            return;
        }
        if (head.expectContinue() && c != null) {
            e.response.sendContinue();
        }
        watchdog.body(0);
    }

    private void bodyDone(Exchange e) throws Exception {
        if (ex != e) {
            return; // the connection closed while the consumer ran
        }
        e.bodyComplete = true;
        e.bodyRemaining = 0;
        if (e.decoder instanceof ChunkedDecoder) {
            e.request.trailers(((ChunkedDecoder) e.decoder).trailers());
        }
        watchdog.off();
        phase = Phase.RESPONSE_WAIT;
        e.consumer.onComplete();
        e.consumerDone = true;
    }

    /** Moves on when the current exchange's response and body are both done. */
    private void advance() {
        Exchange e = ex;
        if (e == null || phase == Phase.CLOSED || !e.response.isComplete()) {
            return;
        }
        if (e.bodyComplete) {
            finishExchange(e);
        } else if (e.closeAfter) {
            // The answer is out but the body is not in: give up the body, drain what still comes.
            ex = null;
            e.stop();
            if (!e.consumerDone) {
                notifyError(e, new RequestAbortedException("the response completed after " + e.bytesReceived()
                        + " body bytes; the rest of the request body is discarded"));
            }
            lingerClose();
        }
        // else: a small remainder is read (and dropped if discarding) so the connection is kept
    }

    private void finishExchange(Exchange e) {
        ex = null;
        e.stop();
        if (e.closeAfter || shuttingDown || inputEnded) {
            close();
            return;
        }
        phase = Phase.HEAD;
        watchdog.idle();
    }

    private void inputEnded() {
        inputEnded = true;
        switch (phase) {
            case BODY:
                throw new RequestAbortedException("the client shut its output after " + ex.bytesReceived()
                        + " body bytes, before the request body was complete");
            case HEAD:
            case LINGER:
                close();
                break;
            default: // RESPONSE_WAIT: the answer is still to go out; finishExchange() closes
                break;
        }
    }

    private void timeout(Watchdog.Kind kind) {
        switch (kind) {
            case IDLE:
                if (phase == Phase.HEAD && !scanner.started()) {
                    log.debug("{}: idle for {}; closing", this, timeouts.idle());
                    close();
                }
                break;
            case HEAD:
                if (phase == Phase.HEAD) {
                    throw new HttpException(408, "request head not received within " + timeouts.head());
                }
                break;
            case BODY: {
                Exchange e = ex;
                if (phase != Phase.BODY || e == null || e.isPaused()) {
                    break; // resume() starts a new window
                }
                if (!watchdog.rateMet(e.bytesReceived())) {
                    throw new HttpException(408, "request body slower than " + timeouts.minBodyRate()
                            + " bytes/s over " + timeouts.bodyRateWindow());
                }
                watchdog.body(e.bytesReceived());
                break;
            }
            case LINGER:
                if (phase == Phase.LINGER) {
                    close();
                }
                break;
            default:
                break;
        }
    }

    /** Answers a failed request (if nothing was answered yet), then closes with a lingering drain. */
    private void failed(Throwable t) {
        try {
            if (phase == Phase.CLOSED || phase == Phase.CLOSING) {
                log.debug("{}: {} after the connection started closing", this, t.toString());
                return;
            }
            Failure f = Failure.of(t);
            if (f.expected()) {
                log.debug("{}: answering {}: {}", this, f.status(), f.message());
            } else {
                log.warn("{}: the request failed; answering 500", this, t);
            }
            if (phase == Phase.LINGER) {
                return;
            }
            Exchange e = ex;
            ex = null;
            if (e != null) {
                e.stop();
                if (!e.consumerDone && e.consumer != null) {
                    notifyError(e, t);
                }
                e.response.answerError(f.status(), f.message());
            } else {
                conn.write(ResponseImpl.errorResponse(f.status(), f.message(), serverName));
            }
            lingerClose();
        } catch (Throwable x) {
            log.warn("{}: failing a request failed; aborting the connection", this, x);
            phase = Phase.CLOSING;
            conn.abort();
        }
    }

    private void notifyError(Exchange e, Throwable cause) {
        e.consumerDone = true;
        try {
            e.consumer.onError(cause);
        } catch (Throwable x) {
            log.warn("{}: {}.onError threw", this, e.consumer, x);
        }
    }

    /** Shuts output after the answer and drops input until the peer's FIN or the linger bounds. */
    private void lingerClose() {
        if (inputEnded) {
            close();
            return;
        }
        phase = Phase.LINGER;
        lingered = 0;
        watchdog.linger();
        conn.shutdownOutput();
    }

    private void linger(ByteBuffer buf) {
        lingered += buf.remaining();
        buf.position(buf.limit());
        if (lingered > limits.lingerBytes()) {
            log.debug("{}: dropped {} bytes after an error answer; closing", this, lingered);
            close();
        }
    }

    private void close() {
        if (phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.CLOSING;
        watchdog.off();
        conn.close();
    }

    /** The single place that pauses or resumes reading (see the class comment). */
    private void syncReading() {
        if (conn == null || phase == Phase.CLOSED || phase == Phase.CLOSING) {
            return;
        }
        Exchange e = ex;
        boolean pause = phase == Phase.RESPONSE_WAIT || (phase == Phase.BODY && e != null && e.isPaused());
        Connection c = conn;
        if (pause) {
            c.pauseReading();
        } else if (c.isReadingPaused()) {
            // Bytes left at the pause are offered again first, even if the resume comes before the
            // callback that paused has returned (the core keeps that promise).
            c.resumeReading();
            if (phase == Phase.BODY && e != null) {
                watchdog.body(e.bytesReceived()); // time paused by the application does not count
            }
        }
    }

    // ---- called by the exchange and the response (any thread) ----

    /** The response of the current exchange completed. */
    void responseCompleted() {
        requestSettle();
    }

    /** Re-runs the state machine on the loop: now if on the loop and idle, later otherwise. */
    void requestSettle() {
        Connection c = conn;
        if (c == null) {
            return;
        }
        if (c.loop().inLoop()) {
            if (busy == 0) {
                guarded(() -> { });
            }
            // else: the outer step's advance() and settle() see the change
        } else {
            try {
                c.loop().execute(settleTask);
            } catch (RejectedExecutionException x) {
                log.debug("{}: loop stopped; settle dropped", this);
            }
        }
    }

    boolean isShuttingDown() {
        return shuttingDown;
    }

    String serverName() {
        return serverName;
    }

    @Override
    public String toString() {
        return "HttpConnection{" + (conn == null ? "-" : "#" + conn.id()) + ", " + phase + ", requests=" + requests
                + (shuttingDown ? ", shuttingDown" : "") + (inputEnded ? ", inputEnded" : "")
                + (ex != null ? ", " + ex : "") + ", " + watchdog + '}';
    }
}
