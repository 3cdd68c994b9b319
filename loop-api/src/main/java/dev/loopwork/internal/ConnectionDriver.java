package dev.loopwork.internal;

import dev.loopwork.Connection;
import dev.loopwork.ConnectionHandler;
import dev.loopwork.ConnectionInitializer;
import dev.loopwork.ConnectionOptions;
import dev.loopwork.Stage;
import dev.loopwork.spi.Interest;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.NetSocket;
import dev.loopwork.spi.Ready;
import dev.loopwork.spi.Registration;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The loop-thread half of a connection: the state machine that moves bytes between the socket, the
 * stages and the handler, and ends the connection. {@link RealConnection} is the public facade that
 * any thread may call; it hands everything that changes state to this class on the loop thread.
 *
 * <h2>Phases</h2>
 * <pre>
 *   CONNECTING --connect done--> HANDSHAKING --every stage established--> OPEN
 *   HANDSHAKING / OPEN --close()--> CLOSING --drain over--> CLOSED (clean)
 *   any --abort(), failure, close timeout, shutdown deadline--> ABORTING --> CLOSED (with a cause)
 * </pre>
 * {@code ABORTING} only lasts until the drive that is running unwinds (buffers may be in use further
 * up the stack); {@link ConnectionEnd} makes the cause.
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
 * After a drive, if buffered input could still move ({@link Inbound#serviceable()}), the driver asks
 * the loop for a fake read readiness, or falls back to a task ({@link PendingInputService}).
 */
final class ConnectionDriver implements Ready, Inbound.Owner, CloseSequence.Owner, ClientConnect.Owner {

    /** Passes of one drive before it yields to other connections even if bytes still move. */
    private static final int MAX_ROUNDS = 64;

    enum Phase { CONNECTING, HANDSHAKING, OPEN, CLOSING, ABORTING, CLOSED }

    /** Whether a drive is running, and whether it was asked for another pass meanwhile. */
    enum DriveState { IDLE, DRIVING, AGAIN }

    private final RealConnection conn;
    private final RealLoopGroup group;
    private final LoopOps ops;
    private final NetSocket socket;
    private final ConnectionOptions options;
    private final CloseSequence close;
    private final PendingInputService service;
    private final ConnectionEnd end;

    private volatile Phase phase;
    private DriveState driveState = DriveState.IDLE;
    /** A write inside a callback: the running drive flushes it. */
    private boolean flushPending;
    private boolean inputShutdownDelivered;
    private Registration registration;
    private ConnectionHandler handler;
    private Stage[] stages = new Stage[0];
    private Inbound in;
    private volatile Outbound out;
    /** The pending connect of a client connection, until it is set up; null for a server's. */
    private ClientConnect connect;

    ConnectionDriver(RealConnection conn, RealLoopGroup group, LoopOps ops, NetSocket socket, boolean client) {
        this.conn = conn;
        this.group = group;
        this.ops = ops;
        this.socket = socket;
        this.options = group.options();
        this.phase = client ? Phase.CONNECTING : Phase.HANDSHAKING;
        this.close = new CloseSequence(this, socket, ops, options);
        this.service = new PendingInputService(() -> drive(true), ops);
        this.end = new ConnectionEnd(conn, socket);
    }

    // ---- setup (loop thread) ----

    /** Registers an accepted socket and sets it up with {@code initializer}. */
    void accepted(ConnectionInitializer initializer) {
        registration = ops.register(socket, 0, this);
        group.added(conn);
        initialize(initializer);
    }

    /** Registers a connecting socket; sets it up once the connect has finished. */
    void connecting(ConnectionInitializer initializer, CompletableFuture<Connection> opened) {
        connect = new ClientConnect(this, socket, initializer, opened);
        registration = ops.register(socket, Interest.WRITE, this);
        group.added(conn);
        connect.start(ops, options.connectTimeout());
    }

    @Override
    public boolean isClosed() {
        return phase == Phase.CLOSED;
    }

    Phase phase() {
        return phase;
    }

    Outbound outbound() {
        return out;
    }

    boolean inCallback() {
        return driveState != DriveState.IDLE && ops.inLoop();
    }

    /** Runs the initializer, starts the stages, and drives the first bytes. */
    @Override
    public void initialize(ConnectionInitializer initializer) {
        if (phase == Phase.CLOSED) {
            return; // the group started shutting down while this connection was being set up
        }
        phase = Phase.HANDSHAKING;
        RealSetup setup = new RealSetup(conn);
        try {
            handler = initializer.initialize(setup);
            if (handler == null) {
                throw new IllegalStateException("the ConnectionInitializer returned no handler");
            }
        } catch (Throwable t) {
            RealConnection.log.warn("{}: initializer failed; closing this connection", conn, t);
            finish(t);
            return;
        }
        stages = setup.stages();
        in = new Inbound(this, socket, stages, group.buffers(), options.readBufferSize());
        out = new Outbound(socket, stages, group.buffers(), options.lowWatermark(), options.highWatermark());
        try {
            RealStageContext context = new RealStageContext(conn);
            for (Stage stage : stages) {
                stage.start(context);
            }
        } catch (Throwable t) {
            fail(t);
            return;
        }
        drive(false);
    }

    // ---- readiness and services (loop thread) ----

    @Override
    public void onReady(Registration r, int readyOps) {
        if (phase == Phase.CLOSED) {
            return;
        }
        if (phase == Phase.CONNECTING) {
            connect.ready();
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
        if (phase == Phase.CLOSED || phase == Phase.CONNECTING || handler == null) {
            return;
        }
        if (driveState != DriveState.IDLE) {
            driveState = DriveState.AGAIN;
            return;
        }
        driveState = DriveState.DRIVING;
        boolean pendingBefore = in.serviceable();
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
        if (isTerminating()) {
            return false;
        }
        for (Stage s : stages) {
            if (s.needsDecode()) {
                return true;
            }
        }
        return false;
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

    private boolean maybeOpen() {
        if (phase != Phase.HANDSHAKING) {
            return false;
        }
        for (Stage s : stages) {
            if (!s.isEstablished()) {
                return false;
            }
        }
        phase = Phase.OPEN;
        callback(HandlerCall.OPEN, null);
        if (connect != null && phase != Phase.ABORTING) {
            connect.opened(conn);
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

    /** Half close (loop thread): seal the output, let the stages finish, FIN after the last byte. */
    void shutdownOutput() {
        if (phase == Phase.CLOSED || handler == null) {
            return;
        }
        out.seal("connection " + conn.id() + " cannot be written: output was shut down");
        close.requestOutputShutdown(out);
        flushPending = true;
        drive(false);
    }

    /** Graceful close (loop thread). */
    void close() {
        if (phase == Phase.CLOSED || isTerminating()) {
            return;
        }
        if (phase == Phase.CONNECTING || handler == null) {
            finish(null);
            return;
        }
        out.seal("connection " + conn.id() + " cannot be written: output was closed");
        phase = Phase.CLOSING;
        drive(false);
    }

    /** Abortive close for {@code reason} (loop thread); the cause is made when the connection ends. */
    void abort(ConnectionEnd.Reason reason) {
        if (phase == Phase.CLOSED) {
            return;
        }
        end.abortFor(reason);
        phase = Phase.ABORTING;
        if (driveState != DriveState.IDLE) {
            driveState = DriveState.AGAIN;
        } else {
            finish(null);
        }
    }

    @Override
    public void closeCompleted() {
        finish(null);
    }

    @Override
    public void closeTimedOut() {
        abort(ConnectionEnd.Reason.CLOSE_TIMEOUT);
    }

    /** Fails the connection: logs once, resets it, reports {@code cause} to the handler. */
    void fail(Throwable cause) {
        if (phase == Phase.CLOSED) {
            return;
        }
        if (end.failed(cause)) {
            if (cause instanceof IOException) {
                RealConnection.log.debug("{}: closed by I/O error: {}", conn, cause.toString());
            } else {
                RealConnection.log.warn("{}: failed; closing this connection", conn, cause);
            }
        }
        phase = Phase.ABORTING;
        if (driveState != DriveState.IDLE) {
            // Buffers are in use further up the stack: finish once the current pass unwinds.
            driveState = DriveState.AGAIN;
            return;
        }
        finish(null);
    }

    /**
     * Ends the connection: releases everything and tells the handler, once. A clean end only comes
     * from the graceful close or a connect that never completed; any other way resets the socket.
     */
    @Override
    public void finish(Throwable cause) {
        if (phase == Phase.CLOSED) {
            return;
        }
        if (cause != null) {
            end.failed(cause);
        }
        boolean clean = phase != Phase.ABORTING && !end.hasCause();
        phase = Phase.CLOSED;
        close.ended();
        if (connect != null) {
            connect.cancelTimer();
        }
        try {
            if (registration != null) {
                registration.cancel();
            }
        } catch (RuntimeException e) {
            RealConnection.log.debug("{}: cancelling the registration failed", conn, e);
        }
        long unsent = out == null ? 0 : out.unsentBytes();
        Throwable reported = end.cause(unsent, close.phase());
        end.closeSocket(clean && reported == null);
        if (in != null) {
            in.releaseAll();
            out.releaseAll("connection " + conn.id() + " cannot be written: it is closed");
        }
        for (Stage s : stages) {
            try {
                s.release();
            } catch (RuntimeException e) {
                RealConnection.log.warn("{}: stage {} failed to release", conn, s, e);
            }
        }
        group.removed(conn);
        if (handler != null) {
            try {
                handler.onClosed(conn, reported);
            } catch (Throwable t) {
                RealConnection.log.warn("{}: onClosed threw", conn, t);
            }
        }
        if (connect != null) {
            connect.closed(conn, reported);
        }
        conn.closed();
    }

    // ---- callbacks ----

    private void callback(HandlerCall which, ByteBuffer data) {
        Throwable t = which.invoke(handler, conn, data);
        if (t != null) {
            if (end.failed(t)) {
                RealConnection.log.warn("{}: handler threw in {}; aborting this connection only", conn, which, t);
            }
            phase = Phase.ABORTING;
        }
    }

    /** The group is shutting down: let the handler finish (loop thread). */
    void shutdownRequested() {
        if (phase == Phase.CLOSED || isTerminating()) {
            return;
        }
        if (handler == null || phase != Phase.OPEN) {
            close();
            return;
        }
        driveState = DriveState.DRIVING;
        try {
            callback(HandlerCall.SHUTDOWN, null);
        } finally {
            driveState = DriveState.IDLE;
        }
        drive(false);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(phase);
        if (driveState != DriveState.IDLE) {
            sb.append(", ").append(driveState);
        }
        if (conn.isReadingPaused()) {
            sb.append(", paused");
        }
        String c = close.toString();
        if (!c.isEmpty()) {
            sb.append(", ").append(c);
        }
        if (inputShutdownDelivered) {
            sb.append(", input ended");
        }
        if (registration != null && registration.isValid()) {
            sb.append(", interest=").append(Interest.toString(registration.interest()));
        }
        sb.append(", ").append(service).append(end);
        if (in != null) {
            sb.append(", ").append(in).append(", ").append(out);
        }
        return sb.toString();
    }
}
