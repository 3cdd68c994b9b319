package dev.loopwork.tls.internal;

import dev.loopwork.ClosedException;
import dev.loopwork.Stage;
import dev.loopwork.StageContext;
import dev.loopwork.StageResult;
import dev.loopwork.tls.TlsHandshakeTimeoutException;
import dev.loopwork.tls.TlsRenegotiationException;
import dev.loopwork.tls.TlsTruncationException;
import dev.loopwork.tls.internal.TlsHandshake.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * TLS as a {@link Stage}: one {@link SSLEngine} (JDK or OpenSSL), driven by the connection core.
 *
 * <h2>Buffers</h2>
 * The stage holds no bytes of its own: {@code decode} unwraps whole records from {@code src} into
 * {@code dst} and leaves a partial record in {@code src} ({@code NEED_INPUT}); {@code encode}
 * wraps into {@code dst}. Both engines work one record per call here (the JDK's always, netty's in
 * its JDK compatibility mode), so every byte above the socket stays visible to the core as
 * pending input.
 *
 * <h2>Handshake</h2>
 * Begun in {@link #start} and followed by {@link TlsHandshake}; delegated tasks run inline on the
 * loop thread. While the engine has bytes to send, {@link #needsEncode()} is true and
 * {@code encode} sends them with or without application data; while it waits for the peer,
 * {@link #needsDecode()} is true so that the core reads even if the application paused. The
 * handshake must finish within the configured timeout, else the connection is failed with
 * {@link TlsHandshakeTimeoutException}.
 *
 * <h2>Renegotiation</h2>
 * A second handshake started by a TLS 1.2 client on an established server connection fails the
 * connection with {@link TlsRenegotiationException} (the OpenSSL engine refuses it by itself).
 * TLS 1.3 post-handshake messages (KeyUpdate, NewSessionTicket) are not handshakes and pass.
 *
 * <h2>Closing</h2>
 * {@link #closeOutbound()} makes {@code encode} produce close_notify (status {@code CLOSED} once it
 * is out) after the application bytes it is still given: the close takes effect in the first
 * {@code encode} call given no source bytes, so data queued before the close is never dropped.
 * A received close_notify makes {@code decode} answer {@code CLOSED} and
 * {@link #isInboundDone()} true. End of input without close_notify is a truncation:
 * {@link #endOfInput()} throws {@link TlsTruncationException}.
 *
 * <h2>Threads</h2>
 * Loop thread only, like every stage; not thread-safe.
 */
public final class SslEngineStage implements Stage {

    private static final Logger log = LoggerFactory.getLogger(SslEngineStage.class);

    /** Told once when the handshake completes, before the core opens the handler. */
    @FunctionalInterface
    public interface Listener {
        void established(SSLEngine engine, StageContext context, Duration handshakeDuration);
    }

    private final ByteBuffer[] empty = {ByteBuffer.allocate(0)};
    private final OutboundBacklog backlog = new OutboundBacklog();
    private final SSLEngine engine;
    private final EngineFactory factory;
    private final String peer;
    private final TlsHandshake handshake;
    private final Traffic traffic = new Traffic();
    private final Listener listener;

    /** The outbound side, in the style of Jetty's {@code SslConnection.FlushState}. */
    enum FlushState {
        /** Application data goes out. */
        OPEN,
        /** {@link #closeOutbound()} was called; bytes given to encode before it still go out first. */
        CLOSE_REQUESTED,
        /** {@code engine.closeOutbound()} was called: close_notify is being wrapped. */
        CLOSING,
        /** The engine closed but will produce nothing more (closed before its first flight): done. */
        STALLED
    }

    /** The inbound side, in the style of Jetty's {@code SslConnection.FillState}. */
    enum FillState { OPEN, CLOSE_NOTIFY_RECEIVED }

    private StageContext context;
    private FlushState flush = FlushState.OPEN;
    private FillState fill = FillState.OPEN;
    /** The end of the stage's life: the engine was given back; nothing works after it. */
    private boolean released;
    private SSLException failure;
    private final int decodeCapacity;
    private final int encodeCapacity;

    /**
     * @param engine           a configured engine whose handshake has not begun
     * @param factory          where the engine came from; it frees it in {@link #release()}
     * @param peer             the peer, for messages ({@code host:port})
     * @param handshakeTimeout bound on the handshake; zero for none
     * @param listener         told when the handshake completes
     */
    public SslEngineStage(SSLEngine engine, EngineFactory factory, String peer, Duration handshakeTimeout,
                          Listener listener) {
        this.engine = engine;
        this.factory = factory;
        this.peer = peer;
        this.handshake = new TlsHandshake(engine, peer, handshakeTimeout, this::established);
        this.listener = listener;
        this.decodeCapacity = RecordLimits.decodeCapacity(engine);
        this.encodeCapacity = RecordLimits.encodeCapacity(engine);
    }

    @Override
    public void start(StageContext context) throws SSLException {
        if (handshake.state() == State.NEW) {
            this.context = context;
        }
        try {
            handshake.begin(context.connection().loop(), this::handshakeTimedOut);
        } catch (SSLException e) {
            throw failed(e);
        }
    }

    @Override
    public StageResult decode(ByteBuffer src, ByteBuffer dst) throws SSLException {
        checkUsable();
        if (fill == FillState.CLOSE_NOTIFY_RECEIVED) {
            return StageResult.of(StageResult.Status.CLOSED, 0, 0);
        }
        int consumed = 0;
        int produced = 0;
        boolean poked = false;
        try {
            while (true) {
                HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    handshake.runDelegatedTasks();
                    continue;
                }
                if (!src.hasRemaining()) {
                    if (handshake.isEstablished() || poked) {
                        return StageResult.of(consumed + produced > 0 ? StageResult.Status.OK
                                : StageResult.Status.NEED_INPUT, consumed, produced);
                    }
                    // netty's engine finishes a handshake whose last record it consumed only on its
                    // next call: give it one with no input, else it would wait for bytes that never come.
                    poked = true;
                }
                int room = dst.remaining();
                SSLEngineResult r = engine.unwrap(src, dst);
                consumed += r.bytesConsumed();
                produced += r.bytesProduced();
                traffic.unwrapped(r.bytesConsumed(), r.bytesProduced());
                afterOperation(r, true);
                switch (r.getStatus()) {
                    case BUFFER_UNDERFLOW:
                        return StageResult.of(src.hasRemaining() || consumed + produced == 0
                                ? StageResult.Status.NEED_INPUT : StageResult.Status.OK, consumed, produced);
                    case BUFFER_OVERFLOW:
                        if (room >= decodeCapacity) {
                            throw RecordLimits.oversized(peer, "decode", room, decodeCapacity);
                        }
                        return StageResult.of(StageResult.Status.NEED_SPACE, consumed, produced);
                    case CLOSED:
                        fill = FillState.CLOSE_NOTIFY_RECEIVED;
                        log.debug("{}: close_notify received", this);
                        return StageResult.of(StageResult.Status.CLOSED, consumed, produced);
                    case OK:
                    default:
                        // No progress: the engine must send first (its next flight, or the TLS 1.3
                        // ChangeCipherSpec, before the handshake is done). With more input waiting,
                        // wrap those bytes ahead into the backlog and go on, so that the input is
                        // not left waiting for socket readiness that will not come.
                        if (r.bytesConsumed() == 0 && r.bytesProduced() == 0
                                && engine.getHandshakeStatus() != HandshakeStatus.NEED_TASK) {
                            if (src.hasRemaining() && handshake.wantsWrap() && wrapAhead()) {
                                continue;
                            }
                            return StageResult.of(StageResult.Status.OK, consumed, produced);
                        }
                }
            }
        } catch (SSLException e) {
            throw failed(e);
        } catch (RuntimeException e) {
            throw failed(new SSLException("TLS engine failed while decoding from " + peer + ": " + e, e));
        }
    }

    /** Wraps what the engine wants to send now into the backlog; whether anything came out. */
    private boolean wrapAhead() throws SSLException {
        int total = 0;
        for (int i = 0; i < 64 && handshake.wantsWrap() && !engine.isOutboundDone(); i++) {
            if (engine.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                handshake.runDelegatedTasks();
                continue;
            }
            handshake.wrapping();
            SSLEngineResult r = engine.wrap(empty, backlog.room(encodeCapacity));
            traffic.wrapped(0, r.bytesProduced());
            total += r.bytesProduced();
            afterOperation(r, false);
            if (r.bytesProduced() == 0) {
                break;
            }
        }
        if (total > 0) {
            log.trace("{}: wrapped {} handshake bytes ahead while decoding", peer, total);
        }
        return total > 0;
    }

    @Override
    public StageResult encode(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        checkUsable();
        int consumed = 0;
        int produced = backlog.drainTo(dst);
        if (!backlog.isEmpty()) {
            return StageResult.of(StageResult.Status.NEED_SPACE, 0, produced);
        }
        // A requested close takes effect only in a call given no data: sources running dry
        // within a call do not mean the core's queue is empty (it hands over a batch at a time).
        boolean givenData = RecordLimits.hasRemaining(srcs, offset, length);
        try {
            while (!engine.isOutboundDone()) {
                HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    handshake.runDelegatedTasks();
                    continue;
                }
                boolean engineClosed = flush.compareTo(FlushState.CLOSING) >= 0;
                boolean app = handshake.isEstablished() && !engineClosed
                        && RecordLimits.hasRemaining(srcs, offset, length);
                boolean own = hs == HandshakeStatus.NEED_WRAP || handshake.wrapHinted() || engineClosed;
                if (flush == FlushState.CLOSE_REQUESTED && !givenData && !own) {
                    // Everything written before the close is out: now the close_notify.
                    flush = FlushState.CLOSING;
                    engine.closeOutbound();
                    continue;
                }
                if (!own && !app) {
                    break;
                }
                handshake.wrapping();
                int room = dst.remaining();
                SSLEngineResult r = app && !own ? engine.wrap(srcs, offset, length, dst) : engine.wrap(empty, dst);
                consumed += r.bytesConsumed();
                produced += r.bytesProduced();
                traffic.wrapped(r.bytesConsumed(), r.bytesProduced());
                afterOperation(r, false);
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    if (room >= encodeCapacity) {
                        throw RecordLimits.oversized(peer, "encode", room, encodeCapacity);
                    }
                    return StageResult.of(StageResult.Status.NEED_SPACE, consumed, produced);
                }
                if (r.bytesConsumed() == 0 && r.bytesProduced() == 0
                        && engine.getHandshakeStatus() != HandshakeStatus.NEED_TASK) {
                    if (flush == FlushState.CLOSING && produced == 0 && !engine.isOutboundDone()) {
                        // Nothing more will come out (e.g. an engine closed before its first flight):
                        // stop asking the core for an encode that cannot progress.
                        flush = FlushState.STALLED;
                    }
                    break;
                }
            }
        } catch (SSLException e) {
            throw failed(e);
        } catch (RuntimeException e) {
            throw failed(new SSLException("TLS engine failed while encoding to " + peer + ": " + e, e));
        }
        if (engine.isOutboundDone() && backlog.isEmpty()) {
            if (RecordLimits.hasRemaining(srcs, offset, length)) {
                // Not our close: the peer's close_notify ended both directions (TLS 1.2 always,
                // and netty's OpenSSL engine even for TLS 1.3). Fail loudly rather than let the
                // core wait for a queue that can never drain.
                throw failed(new SSLException("TLS output to " + peer + " was closed by the peer's close_notify ("
                        + factory.kind() + " engine, " + engine.getSession().getProtocol() + ", no half-close); "
                        + RecordLimits.remaining(srcs, offset, length) + " bytes written before or after it cannot be sent"));
            }
            log.debug("{}: outbound closed", this);
            return StageResult.of(StageResult.Status.CLOSED, consumed, produced);
        }
        return StageResult.of(StageResult.Status.OK, consumed, produced);
    }

    private void afterOperation(SSLEngineResult r, boolean unwrap) throws SSLException {
        handshake.afterOperation(r, unwrap, flush == FlushState.OPEN);
    }

    private void established(Duration took) {
        if (log.isDebugEnabled()) {
            SSLSession session = engine.getSession();
            log.debug("{}: handshake done in {} ms: {} {} alpn={}", this, took.toMillis(), session.getProtocol(),
                    session.getCipherSuite(), engine.getApplicationProtocol());
        }
        listener.established(engine, context, took);
    }

    private void handshakeTimedOut() {
        if (handshake.isEstablished() || released || failure != null) {
            return;
        }
        TlsHandshakeTimeoutException e = new TlsHandshakeTimeoutException("TLS handshake with " + peer
                + " did not complete within " + handshake.timeoutMillis() + " ms (engine "
                + engine.getHandshakeStatus() + ", " + traffic.ciphertextIn + " bytes received, "
                + traffic.ciphertextOut + " sent)");
        failure = e;
        context.fail(e);
    }

    @Override
    public int decodeCapacity() {
        return decodeCapacity;
    }

    @Override
    public int encodeCapacity() {
        return encodeCapacity;
    }

    /** A whole record with its header: the most that decode can need in {@code src} at once. */
    @Override
    public int inputUnitSize() {
        return encodeCapacity;
    }

    @Override
    public boolean needsEncode() {
        if (handshake.state() == State.NEW || released || failure != null) {
            return false;
        }
        if (!backlog.isEmpty()) {
            return true;
        }
        if (flush == FlushState.STALLED || engine.isOutboundDone()) {
            return false;
        }
        return flush != FlushState.OPEN || handshake.wantsWrap();
    }

    @Override
    public boolean needsDecode() {
        return handshake.state() == State.HANDSHAKING && !released && failure == null
                && fill == FillState.OPEN && engine.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP;
    }

    @Override
    public boolean isEstablished() {
        return handshake.isEstablished();
    }

    @Override
    public void closeOutbound() {
        if (flush != FlushState.OPEN || released) {
            return;
        }
        // The engine is closed by encode once the bytes written before this call are wrapped:
        // the core may ask before its queue has drained, and SSLEngine drops data after a close.
        flush = FlushState.CLOSE_REQUESTED;
        handshake.cancelTimer();
    }

    @Override
    public boolean isOutboundDone() {
        return released || flush == FlushState.STALLED || (engine.isOutboundDone() && backlog.isEmpty());
    }

    @Override
    public boolean isInboundDone() {
        return fill == FillState.CLOSE_NOTIFY_RECEIVED;
    }

    @Override
    public void endOfInput() throws SSLException {
        if (fill == FillState.CLOSE_NOTIFY_RECEIVED || released || failure != null) {
            return;
        }
        String message = handshake.isEstablished()
                ? "TLS truncation: " + peer + " closed the connection without close_notify after " + traffic.plaintextIn
                        + " application bytes; the data may be incomplete"
                : "TLS truncation: " + peer + " closed the connection during the handshake, without close_notify";
        try {
            engine.closeInbound();
        } catch (SSLException expected) {
            // The engine says the same thing as the exception below, in its own words.
        }
        TlsTruncationException e = new TlsTruncationException(message);
        failure = e;
        handshake.cancelTimer();
        throw e;
    }

    @Override
    public void release() {
        if (released) {
            return;
        }
        released = true;
        handshake.cancelTimer();
        backlog.clear();
        try {
            factory.dispose(engine);
        } catch (RuntimeException e) {
            log.warn("{}: freeing the TLS engine failed", this, e);
        }
    }

    /** Why the stage failed, if it did (engine error, truncation, timeout, refused renegotiation). */
    public java.util.Optional<SSLException> failure() {
        return java.util.Optional.ofNullable(failure);
    }

    /** The engine, for tests and diagnostics; callers must not drive it. */
    public SSLEngine engine() {
        return engine;
    }

    private void checkUsable() throws SSLException {
        if (released) {
            throw new ClosedException("TLS stage for " + peer + " was already released");
        }
        if (handshake.state() == State.NEW) {
            throw new IllegalStateException("TLS stage for " + peer + " used before start()");
        }
        if (failure != null) {
            throw new SSLException("TLS stage for " + peer + " already failed: " + failure.getMessage(), failure);
        }
    }

    private SSLException failed(SSLException e) {
        if (failure == null) {
            failure = e;
        }
        handshake.cancelTimer();
        return e;
    }

    @Override
    public String toString() {
        boolean established = handshake.isEstablished();
        String state = failure != null ? "failed(" + failure.getMessage() + ")"
                : released ? "released" : handshake.toString();
        return "TlsStage{" + (engine.getUseClientMode() ? "client" : "server") + " " + factory.kind() + " peer=" + peer
                + ' ' + state + (established ? ' ' + engine.getSession().getProtocol() : "")
                + (released ? "" : " hs=" + engine.getHandshakeStatus())
                + " flush=" + flush + " fill=" + fill
                + ' ' + traffic
                + " capacity=" + decodeCapacity + '/' + encodeCapacity
                + (backlog.isEmpty() ? "" : ' ' + backlog.toString()) + '}';
    }
}
