package dev.loopwork.internal;

import dev.loopwork.ConnectionOptions;
import dev.loopwork.spi.Interest;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.NetSocket;
import dev.loopwork.spi.Ready;
import dev.loopwork.spi.Registration;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The drive loop of a connection, on the loop thread: the events that start a drive, the passes
 * that move bytes between the socket, the stages and the handler, and the interest and service
 * requests that follow. {@link ConnectionDriver} adds the connection's life around it: setup, the
 * close protocol, the end.
 *
 * <h2>Driving</h2>
 * Every event (readiness, a fake or fallback service, a write, a close) ends in {@link #drive},
 * which pumps input ({@link Inbound}), flushes output ({@link Outbound}) and advances the close
 * ({@link CloseSequence}) until nothing moves or the read budget is spent. Callbacks only run inside
 * a drive, so a close or abort asked for from a callback is performed right after it returns. A
 * callback that asks for another pass (a resume) gets one in the same drive only if the pass moved
 * something; otherwise the pass is asked for as a service, where the no-progress guard sees it.
 *
 * <h2>Pending input</h2>
 * After a drive, if buffered input could still move ({@link Inbound#serviceable()}), the loop is
 * asked for a fake read readiness, or a task is queued ({@link PendingInputService}).
 */
abstract class DriveLoop implements Ready, Inbound.Owner, CloseSequence.Owner {

    /** Passes of one drive before it yields to other connections even if bytes still move. */
    private static final int MAX_ROUNDS = 64;

    /**
     * The connection's life:
     * <pre>
     *   CONNECTING --connect done--> HANDSHAKING --every stage established--> OPEN
     *   HANDSHAKING / OPEN --close()--> CLOSING --drain over--> CLOSED (clean)
     *   any --abort(), failure, close timeout, shutdown deadline--> ABORTING --> CLOSED (with a cause)
     * </pre>
     * {@code ABORTING} only lasts until the drive that is running unwinds (buffers may be in use
     * further up the stack).
     */
    enum Phase { CONNECTING, HANDSHAKING, OPEN, CLOSING, ABORTING, CLOSED }

    /** Whether a drive is running, and whether it was asked for another pass meanwhile. */
    enum DriveState { IDLE, DRIVING, AGAIN }

    final RealConnection conn;
    final LoopOps ops;
    final NetSocket socket;
    final ConnectionOptions options;
    final CloseSequence close;
    final PendingInputService service;

    volatile Phase phase;
    DriveState driveState = DriveState.IDLE;
    /** A write inside a callback: the running drive flushes it. */
    boolean flushPending;
    boolean inputShutdownDelivered;
    /** A callback asked for another pass that did not run in its drive: the next service owes it. */
    private boolean passOwed;
    Registration registration;
    /** Null until the initializer has run. */
    volatile ConnectionParts parts;
    Inbound in;
    Outbound out;

    DriveLoop(RealConnection conn, LoopOps ops, NetSocket socket, ConnectionOptions options, Phase initial) {
        this.conn = conn;
        this.ops = ops;
        this.socket = socket;
        this.options = options;
        this.phase = initial;
        this.close = new CloseSequence(this, socket, ops, options);
        this.service = new PendingInputService(() -> drive(true), ops, conn.group().pendingInputCounters());
    }

    /** The connect completed (or failed): readiness while {@link Phase#CONNECTING}. */
    abstract void connectReady();

    /** The handler's {@code onOpen} ran without aborting the connection. */
    abstract void opened();

    /** Fails the connection with {@code cause} (the first cause wins). */
    abstract void fail(Throwable cause);

    /** Ends the connection now; {@code cause} is recorded if it is the first. */
    abstract void finish(Throwable cause);

    /** Records a callback's exception; returns whether it is the first failure (to log it once). */
    abstract boolean callbackFailed(Throwable t);

    Phase phase() {
        return phase;
    }

    boolean inCallback() {
        return driveState != DriveState.IDLE && ops.inLoop();
    }

    // ---- readiness and services (loop thread) ----

    @Override
    public void onReady(Registration r, int readyOps) {
        if (phase == Phase.CLOSED) {
            return;
        }
        if (phase == Phase.CONNECTING) {
            connectReady();
            return;
        }
        boolean asService = Interest.isReadable(readyOps) && service.served();
        if (!asService) {
            service.outsideEvent();
        }
        drive(asService);
    }

    /** A write or resume from outside this connection's callbacks: drive, and let the guard count afresh. */
    void outsideEvent() {
        if (phase != Phase.CLOSED && in != null) {
            service.outsideEvent();
            drive(false);
        }
    }

    /** Reading was resumed; {@code outside}: not from inside one of this connection's callbacks. */
    void resumed(boolean outside) {
        if (phase == Phase.CLOSED || in == null) {
            return;
        }
        if (outside) {
            service.outsideEvent();
        }
        if (driveState != DriveState.IDLE) {
            driveState = DriveState.AGAIN;
            return;
        }
        updateInterest();
        if (in.serviceable() || inputShutdownDue()) {
            requestService();
        }
    }

    void flushRequested() {
        if (driveState != DriveState.IDLE) {
            flushPending = true; // the drive that runs this callback flushes it
        } else {
            outsideEvent();
        }
    }

    private void requestService() {
        if (phase != Phase.CLOSED) {
            service.request(registration);
        }
    }

    /** Drives the connection; {@code asService}: a service the core asked for (see the guard). */
    void drive(boolean asService) {
        if (phase == Phase.CLOSED || phase == Phase.CONNECTING || parts == null) {
            return;
        }
        if (driveState != DriveState.IDLE) {
            driveState = DriveState.AGAIN;
            return;
        }
        driveState = DriveState.DRIVING;
        conn.realLoop().touch();
        // A pass asked for but not run (see afterDrive) counts as pending work for the guard.
        boolean pendingBefore = in.serviceable() || passOwed;
        passOwed = false;
        boolean any = false;
        boolean again = false;
        try {
            boolean moved;
            do {
                driveState = DriveState.DRIVING;
                moved = driveOnce();
                any |= moved;
                again = driveState == DriveState.AGAIN;
            } while (again && moved && phase != Phase.CLOSED);
            driveState = DriveState.IDLE;
            if (phase != Phase.CLOSED) {
                afterDrive(asService, pendingBefore, any, again);
            }
        } catch (Throwable t) {
            driveState = DriveState.IDLE;
            fail(t);
        } finally {
            driveState = DriveState.IDLE;
        }
    }

    private boolean driveOnce() throws IOException {
        int budget = options.readBudget();
        int read = 0;
        boolean any = false;
        boolean moved;
        int rounds = 0;
        do {
            moved = false;
            if (phase == Phase.ABORTING || phase == Phase.CLOSED) {
                finish(null);
                return true;
            }
            moved |= maybeOpen();
            if (close.draining()) {
                moved |= close.drain(in);
            } else {
                read += in.pump(budget - read);
                moved |= in.progressed();
            }
            if (phase == Phase.ABORTING) {
                continue;
            }
            flushPending = false;
            moved |= out.flush();
            if (out.takeStageEncoded()) {
                in.unstallStages(); // e.g. a handshake flight went out: decoding may go on now
            }
            moved |= maybeShutdownOutput();
            if (out.takeWritableEvent() && phase == Phase.OPEN) {
                callback(HandlerCall.WRITABLE, null);
                moved = true;
            }
            moved |= maybeInputShutdown();
            if (phase == Phase.CLOSING) {
                moved |= close.advance(in, out);
            }
            any |= moved;
        } while ((moved || flushPending || phase == Phase.ABORTING) && phase != Phase.CLOSED && read < budget
                && ++rounds < MAX_ROUNDS);
        return any;
    }

    private void afterDrive(boolean asService, boolean pendingBefore, boolean any, boolean again) throws IOException {
        updateInterest();
        service.checkProgress(asService, pendingBefore, any);
        if (again) {
            passOwed = true;
        }
        if (again || in.serviceable() || inputShutdownDue()) {
            requestService();
        }
        in.trim();
        out.trim();
    }

    private void updateInterest() {
        int want = 0;
        if (close.draining()) {
            want = in.socketEof() ? 0 : Interest.READ;
        } else if (in.wantsSocketRead(demandsInput())) {
            want = Interest.READ;
        }
        if (out.blockedOnSocket()) {
            want |= Interest.WRITE;
        }
        if (registration.isValid() && registration.interest() != want) {
            registration.interest(want);
        }
    }

    // ---- what Inbound asks ----

    @Override
    public boolean mayDeliver() {
        return phase == Phase.OPEN && !conn.isReadingPaused();
    }

    @Override
    public boolean isTerminating() {
        return phase.compareTo(Phase.CLOSING) >= 0;
    }

    @Override
    public boolean demandsInput() {
        if (mayDeliver()) {
            return true;
        }
        return !isTerminating() && parts.stageNeedsDecode();
    }

    @Override
    public long resumeCount() {
        return conn.resumeCount();
    }

    @Override
    public void deliver(ByteBuffer view) {
        callback(HandlerCall.DATA, view);
    }

    // ---- open, half close, close (loop thread) ----

    final boolean maybeOpen() {
        if (phase != Phase.HANDSHAKING || !parts.stagesEstablished()) {
            return false;
        }
        phase = Phase.OPEN;
        callback(HandlerCall.OPEN, null);
        if (phase != Phase.ABORTING) {
            opened();
        }
        return true;
    }

    private boolean inputShutdownDue() {
        return !inputShutdownDelivered && in.endReached() && mayDeliver();
    }

    private boolean maybeInputShutdown() throws IOException {
        if (inputShutdownDelivered || !in.endReached()) {
            return false;
        }
        if (phase == Phase.HANDSHAKING && !in.serviceable() && in.inputFullyDelivered()) {
            throw new EOFException("the peer closed the connection before it was established");
        }
        if (!mayDeliver() || !in.inputFullyDelivered()) {
            return false;
        }
        inputShutdownDelivered = true;
        callback(HandlerCall.INPUT_SHUTDOWN, null);
        if (close.outputShutdownDone() && phase == Phase.OPEN) {
            phase = Phase.CLOSING; // both directions are done: nothing more can happen
        }
        return true;
    }

    private boolean maybeShutdownOutput() throws IOException {
        if (!close.maybeShutdownOutput(out)) {
            return false;
        }
        if (inputShutdownDelivered && phase == Phase.OPEN) {
            phase = Phase.CLOSING; // both directions are done: nothing more can happen
        }
        return true;
    }


    // ---- callbacks ----

    final void callback(HandlerCall which, ByteBuffer data) {
        Throwable t = which.invoke(parts.handler, conn, data);
        if (t != null) {
            if (callbackFailed(t)) {
                RealConnection.log.warn("{}: handler threw in {}; aborting this connection only", conn, which, t);
            }
            phase = Phase.ABORTING;
        }
    }
}
