package dev.loopwork.tls.internal;

import dev.loopwork.Loop;
import dev.loopwork.tls.TlsRenegotiationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The handshake half of {@link SslEngineStage}: where the engine's handshake stands, the wrap the
 * engine asked for that its status may not show, its delegated tasks, its time bound, and the
 * refusal of a renegotiation once it is done. The stage owns the engine and drives its wraps and
 * unwraps; after each one it hands the result here ({@link #afterOperation}).
 *
 * <h2>When the handshake is done</h2>
 * When the engine reports {@code FINISHED}, or, for an engine that never does (netty's after its
 * last flight), when it reports {@code NOT_HANDSHAKING} while both directions are still open. The
 * stage's listener is told once, then.
 *
 * <h2>The wrap hint</h2>
 * netty's engine can answer an operation with {@code NEED_WRAP} and report {@code NOT_HANDSHAKING}
 * from {@code getHandshakeStatus()} right after; the stage must still wrap once, or the peer waits
 * for a flight that never leaves. {@link #wantsWrap()} keeps that request until a wrap is made.
 *
 * <h2>Threads</h2>
 * Loop thread only, like the stage.
 */
final class TlsHandshake {

    private static final Logger log = LoggerFactory.getLogger(TlsHandshake.class);

    /** The handshake: not begun, under way, done. */
    enum State { NEW, HANDSHAKING, ESTABLISHED }

    private final SSLEngine engine;
    private final String peer;
    private final HandshakeTimer timer;
    private final Consumer<Duration> onEstablished;

    private State state = State.NEW;
    private long startNanos;
    /** A property of the session once established, not a state: TLS 1.3 has no renegotiation. */
    private boolean tls13;
    /** The last result asked for a wrap that getHandshakeStatus() may not show (netty, after its handshake). */
    private boolean wrapHint;

    /**
     * @param onEstablished told once, with how long the handshake took, when it completes
     */
    TlsHandshake(SSLEngine engine, String peer, Duration timeout, Consumer<Duration> onEstablished) {
        this.engine = engine;
        this.peer = peer;
        this.timer = new HandshakeTimer(timeout.toNanos());
        this.onEstablished = onEstablished;
    }

    State state() {
        return state;
    }

    boolean isEstablished() {
        return state == State.ESTABLISHED;
    }

    /**
     * Begins the handshake and arms its time bound on {@code loop}.
     *
     * @throws IllegalStateException if it was begun before
     */
    void begin(Loop loop, Runnable onTimeout) throws SSLException {
        if (state != State.NEW) {
            throw new IllegalStateException("TLS stage for " + peer + " started twice");
        }
        state = State.HANDSHAKING;
        startNanos = System.nanoTime();
        engine.beginHandshake();
        timer.arm(loop, onTimeout);
    }

    /** Calls the time bound off (done, closed, failed or released). Idempotent. */
    void cancelTimer() {
        timer.cancel();
    }

    long timeoutMillis() {
        return timer.timeoutMillis();
    }

    /** Whether the engine wants to send now, by its status or by the hint of its last result. */
    boolean wantsWrap() {
        return wrapHint || engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP;
    }

    /** Whether only the hint asks for a wrap. */
    boolean wrapHinted() {
        return wrapHint;
    }

    /** A wrap is about to be made: the hint is answered. */
    void wrapping() {
        wrapHint = false;
    }

    /**
     * Takes the result of one wrap or unwrap: keeps its wrap request, runs delegated tasks, notes
     * the end of the handshake, and refuses a renegotiation after it.
     *
     * @param outboundOpen whether the stage has not begun to close its output (a handshake cannot
     *                     be taken for done while the engine is closing)
     * @throws TlsRenegotiationException if a TLS 1.2 client began a second handshake on a server
     */
    void afterOperation(SSLEngineResult r, boolean unwrap, boolean outboundOpen) throws SSLException {
        HandshakeStatus hs = r.getHandshakeStatus();
        if (hs == HandshakeStatus.NEED_WRAP && (unwrap || r.bytesProduced() > 0)) {
            wrapHint = true;
        }
        if (log.isTraceEnabled()) {
            log.trace("{}: {} {} {}/{} -> engine {}", peer, engine.getUseClientMode() ? "client" : "server",
                    unwrap ? "unwrap" : "wrap", r.getStatus(), hs, engine.getHandshakeStatus());
        }
        if (hs == HandshakeStatus.NEED_TASK) {
            runDelegatedTasks();
        }
        if (state != State.ESTABLISHED) {
            if (hs == HandshakeStatus.FINISHED || (engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
                    && outboundOpen && !engine.isOutboundDone() && !engine.isInboundDone())) {
                established();
            }
        } else if (unwrap && !tls13 && !engine.getUseClientMode() && r.getStatus() == SSLEngineResult.Status.OK
                && hs != HandshakeStatus.NOT_HANDSHAKING && hs != HandshakeStatus.FINISHED) {
            throw new TlsRenegotiationException("client-initiated TLS renegotiation refused (peer " + peer + ", "
                    + engine.getSession().getProtocol() + ")");
        }
    }

    /** Runs the engine's delegated tasks inline (the loop thread): handshakes are short and bounded. */
    void runDelegatedTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private void established() {
        state = State.ESTABLISHED;
        timer.cancel();
        tls13 = "TLSv1.3".equals(engine.getSession().getProtocol());
        onEstablished.accept(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    @Override
    public String toString() {
        return state + (wrapHint ? " wrapHint" : "");
    }
}
