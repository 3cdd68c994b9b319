package dev.loopwork.internal;

import dev.loopwork.Cancellable;
import dev.loopwork.ClosedException;
import dev.loopwork.Connection;
import dev.loopwork.ConnectionHandler;
import dev.loopwork.ConnectionInitializer;
import dev.loopwork.ConnectionOptions;
import dev.loopwork.Loop;
import dev.loopwork.Stage;
import dev.loopwork.spi.Interest;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.NetSocket;
import dev.loopwork.spi.Ready;
import dev.loopwork.spi.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connection core: one socket, its stages, its handler, and the state machine that moves bytes
 * and closes the connection. Everything but the public entry points runs on the loop thread.
 *
 * <h2>Driving</h2>
 * Every event (readiness, a fake or fallback service, a write, a close) ends in {@link #drive()},
 * which pumps input ({@link Inbound}), flushes output ({@link Outbound}) and advances the close,
 * until nothing moves or the read budget is spent. Callbacks only run inside a drive, so a close or
 * abort requested from a callback is performed right after the callback returns.
 *
 * <h2>Pending input</h2>
 * After a drive, if buffered input could still move ({@link Inbound#serviceable()}), the core asks
 * the loop for a fake read readiness, or falls back to a task: {@link #requestService()}.
 */
final class RealConnection implements Connection, Ready {

    static final Logger log = LoggerFactory.getLogger(RealConnection.class);
    private static final AtomicLong IDS = new AtomicLong();
    /** Passes of one drive before it yields to other connections even if bytes still move. */
    private static final int MAX_ROUNDS = 64;

    enum State { CONNECTING, HANDSHAKING, OPEN, CLOSING, CLOSED }

    private final long id = IDS.incrementAndGet();
    private final RealLoopGroup group;
    private final RealLoop loop;
    private final LoopOps ops;
    private final NetSocket socket;
    private final boolean client;
    private final ConnectionOptions options;
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private final ConcurrentHashMap<String, Object> attributes = new ConcurrentHashMap<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final AtomicLong resumes = new AtomicLong();
    private final Runnable flushTask = this::runFlushTask;

    private volatile State state;
    private volatile boolean readingPaused;
    private volatile String outputClosedBy;
    private Registration registration;
    private ConnectionHandler handler;
    private Stage[] stages = new Stage[0];
    private Inbound in;
    private Outbound out;
    private boolean driving;
    private boolean redrive;
    private boolean flushPending;
    private boolean closeRequested;
    private boolean abortRequested;
    private Throwable failure;
    private boolean inputShutdownDelivered;
    private final CloseSequence close;
    private final PendingInputService service;
    private Cancellable connectTimer;
    private ConnectionInitializer pendingInitializer;
    private CompletableFuture<Connection> openFuture;

    RealConnection(RealLoopGroup group, RealLoop loop, NetSocket socket, boolean client) {
        this.group = group;
        this.loop = loop;
        this.ops = loop.ops();
        this.socket = socket;
        this.client = client;
        this.options = group.options();
        this.state = client ? State.CONNECTING : State.HANDSHAKING;
        this.close = new CloseSequence(this, socket, ops, options);
        this.service = new PendingInputService(this, ops);
    }

    // ---- setup (loop thread) ----

    /** Registers an accepted socket and sets it up with {@code initializer}. */
    void accepted(ConnectionInitializer initializer) {
        registration = ops.register(socket, 0, this);
        group.added(this);
        initialize(initializer);
    }

    /** Registers a connecting socket; sets it up once the connect has finished. */
    void connecting(ConnectionInitializer initializer, CompletableFuture<Connection> openFuture) {
        this.openFuture = openFuture;
        this.pendingInitializer = initializer;
        registration = ops.register(socket, Interest.WRITE, this);
        group.added(this);
        if (state == State.CLOSED) {
            return;
        }
        connectTimer = ops.schedule(() -> {
            if (state == State.CONNECTING) {
                finish(new java.net.ConnectException("connect to " + socket + " timed out after "
                        + options.connectTimeout()), true);
            }
        }, options.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void finishConnect() {
        try {
            if (!socket.finishConnect()) {
                return;
            }
        } catch (IOException e) {
            finish(e, false);
            return;
        }
        cancel(connectTimer);
        ConnectionInitializer initializer = pendingInitializer;
        pendingInitializer = null;
        initialize(initializer);
    }

    /** Runs the initializer, starts the stages, and drives the first bytes. */
    private void initialize(ConnectionInitializer initializer) {
        if (state == State.CLOSED) {
            return; // the group started shutting down while this connection was being set up
        }
        state = State.HANDSHAKING;
        RealSetup setup = new RealSetup(this);
        try {
            handler = initializer.initialize(setup);
            if (handler == null) {
                throw new IllegalStateException("the ConnectionInitializer returned no handler");
            }
        } catch (Throwable t) {
            log.warn("{}: initializer failed; closing this connection", this, t);
            finish(t, true);
            return;
        }
        stages = setup.stages();
        dev.loopwork.BufferPool pool = group.buffers();
        in = new Inbound(this, socket, stages, pool, options.readBufferSize());
        out = new Outbound(socket, stages, pool, options.lowWatermark(), options.highWatermark());
        RealStageContext context = new RealStageContext(this);
        try {
            for (Stage stage : stages) {
                stage.start(context);
            }
        } catch (Throwable t) {
            fail(t);
            return;
        }
        drive();
    }

    // ---- readiness and services (loop thread) ----

    @Override
    public void onReady(Registration r, int readyOps) {
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.CONNECTING) {
            finishConnect();
            return;
        }
        if (Interest.isReadable(readyOps)) {
            service.served();
        }
        drive();
    }

    /** Asks the loop to serve buffered input ({@link PendingInputService}). */
    private void requestService() {
        if (state != State.CLOSED) {
            service.request(registration);
        }
    }

    private void runFlushTask() {
        flushScheduled.set(false);
        drive();
    }

    void drive() {
        if (state == State.CLOSED || state == State.CONNECTING || handler == null) {
            return;
        }
        if (driving) {
            redrive = true;
            return;
        }
        driving = true;
        boolean pendingBefore = in.serviceable();
        boolean any = false;
        try {
            do {
                redrive = false;
                any |= driveOnce();
            } while (redrive && state != State.CLOSED);
            if (state != State.CLOSED) {
                afterDrive(pendingBefore, any);
            }
        } catch (Throwable t) {
            driving = false;
            fail(t);
        } finally {
            driving = false;
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
            if (abortRequested || state == State.CLOSED) {
                finish(failure, true);
                return true;
            }
            moved |= maybeOpen();
            if (close.draining()) {
                moved |= close.drain(in);
            } else if (!abortRequested) {
                read += in.pump(budget - read);
                moved |= in.progressed();
            }
            if (abortRequested) {
                continue;
            }
            flushPending = false;
            moved |= out.flush();
            if (out.takeStageEncoded()) {
                in.unstallStages(); // e.g. a handshake flight went out: decoding may go on now
            }
            moved |= maybeShutdownOutput();
            if (out.takeWritableEvent() && state == State.OPEN && !closeRequested) {
                callback(HandlerCall.WRITABLE, null);
                moved = true;
            }
            moved |= maybeInputShutdown();
            if (closeRequested && state != State.CLOSED) {
                state = State.CLOSING;
                moved |= close.advance(in, out);
            }
            any |= moved;
        } while ((moved || flushPending || abortRequested) && state != State.CLOSED && read < budget
                && ++rounds < MAX_ROUNDS);
        return any;
    }

    private void afterDrive(boolean pendingBefore, boolean any) throws IOException {
        updateInterest();
        boolean pendingAfter = in.serviceable() || inputShutdownDue();
        service.checkProgress(pendingBefore, any);
        if (pendingAfter) {
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

    boolean mayDeliver() {
        return state == State.OPEN && !readingPaused && !closeRequested && !abortRequested;
    }

    boolean isTerminating() {
        return closeRequested || abortRequested || state == State.CLOSED;
    }

    boolean demandsInput() {
        if (mayDeliver()) {
            return true;
        }
        if (closeRequested || abortRequested) {
            return false;
        }
        for (Stage s : stages) {
            if (s.needsDecode()) {
                return true;
            }
        }
        return false;
    }

    void deliverData(ByteBuffer view) {
        callback(HandlerCall.DATA, view);
    }

    // ---- open, half close, close (loop thread) ----

    private boolean maybeOpen() {
        if (state != State.HANDSHAKING) {
            return false;
        }
        for (Stage s : stages) {
            if (!s.isEstablished()) {
                return false;
            }
        }
        state = State.OPEN;
        callback(HandlerCall.OPEN, null);
        if (openFuture != null && !abortRequested) {
            openFuture.complete(this);
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
        if (state == State.HANDSHAKING && !in.serviceable() && in.inputFullyDelivered()) {
            throw new java.io.EOFException("the peer closed the connection before it was established");
        }
        if (!mayDeliver() || !in.inputFullyDelivered()) {
            return false;
        }
        inputShutdownDelivered = true;
        callback(HandlerCall.INPUT_SHUTDOWN, null);
        if (close.outputShutdownDone() && !closeRequested) {
            closeRequested = true; // both directions are done: nothing more can happen
        }
        return true;
    }

    private boolean maybeShutdownOutput() throws IOException {
        if (!close.maybeShutdownOutput(out)) {
            return false;
        }
        if (inputShutdownDelivered && !closeRequested) {
            closeRequested = true; // both directions are done: nothing more can happen
        }
        return true;
    }

    private void requestOutputShutdown() {
        close.requestOutputShutdown(out);
        flushPending = true;
    }

    boolean isOpenOrClosing() {
        return state != State.CLOSED;
    }

    /** Fails the connection: logs once, resets it, reports {@code cause} to the handler. */
    void fail(Throwable cause) {
        if (state == State.CLOSED) {
            return;
        }
        if (failure == null) {
            failure = cause;
        }
        if (cause instanceof IOException) {
            log.debug("{}: closed by I/O error: {}", this, cause.toString());
        } else {
            log.warn("{}: failed; closing this connection", this, cause);
        }
        if (driving) {
            // Buffers are in use further up the stack: finish once the current pass unwinds.
            abortRequested = true;
            redrive = true;
            return;
        }
        finish(failure, true);
    }

    /** Releases everything and tells the handler; idempotent. */
    void finish(Throwable cause, boolean reset) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        outputClosedBy = outputClosedBy == null ? "closed" : outputClosedBy;
        close.cancelTimers();
        cancel(connectTimer);
        try {
            if (registration != null) {
                registration.cancel();
            }
        } catch (RuntimeException e) {
            log.debug("{}: cancelling the registration failed", this, e);
        }
        if (reset) {
            socket.abort();
        } else {
            socket.close();
        }
        if (in != null) {
            in.releaseAll();
            out.releaseAll();
        }
        for (Stage s : stages) {
            try {
                s.release();
            } catch (RuntimeException e) {
                log.warn("{}: stage {} failed to release", this, s, e);
            }
        }
        group.removed(this);
        if (handler != null) {
            try {
                handler.onClosed(this, cause);
            } catch (Throwable t) {
                log.warn("{}: onClosed threw", this, t);
            }
        }
        if (openFuture != null && !openFuture.isDone()) {
            openFuture.completeExceptionally(cause != null ? cause
                    : new ClosedException("connection " + id + " closed before it was open"));
        }
        closeFuture.complete(null);
    }

    private static void cancel(Cancellable c) {
        if (c != null) {
            c.cancel();
        }
    }

    // ---- callbacks ----

    private void callback(HandlerCall which, ByteBuffer data) {
        Throwable t = which.invoke(handler, this, data);
        if (t != null) {
            if (failure == null) {
                failure = t;
                log.warn("{}: handler threw in {}; aborting this connection only", this, which, t);
            }
            abortRequested = true;
        }
    }

    /** The group is shutting down: let the handler finish (loop thread). */
    void shutdownRequested() {
        if (state == State.CLOSED || closeRequested) {
            return;
        }
        if (handler == null || state != State.OPEN) {
            closeOnLoop();
            return;
        }
        driving = true;
        try {
            callback(HandlerCall.SHUTDOWN, null);
        } finally {
            driving = false;
        }
        drive();
    }

    // ---- public API (any thread) ----

    @Override
    public long id() {
        return id;
    }

    @Override
    public Loop loop() {
        return loop;
    }

    @Override
    public InetSocketAddress localAddress() {
        return socket.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return socket.remoteAddress();
    }

    @Override
    public boolean write(ByteBuffer... data) {
        Objects.requireNonNull(data, "data");
        for (int i = 0; i < data.length; i++) {
            if (data[i] == null) {
                throw new IllegalArgumentException("write: data[" + i + "] is null");
            }
        }
        String closedBy = outputClosedBy;
        if (closedBy != null) {
            throw new ClosedException("connection " + id + " cannot be written: output " + closedBy);
        }
        if (out == null) {
            throw new IllegalStateException("connection " + id + " is not initialized yet");
        }
        boolean writable = out.enqueue(data);
        if (driving && ops.inLoop()) {
            flushPending = true; // the drive that runs this callback flushes it
        } else if (flushScheduled.compareAndSet(false, true)) {
            runOnLoop(flushTask);
        }
        return writable;
    }

    @Override
    public boolean isWritable() {
        return out == null || out.isWritable();
    }

    @Override
    public long pendingWriteBytes() {
        return out == null ? 0 : out.pendingBytes();
    }

    @Override
    public void pauseReading() {
        readingPaused = true;
    }

    @Override
    public void resumeReading() {
        if (!readingPaused) {
            return;
        }
        // Counted before the flag clears: a loop that sees reading resumed also sees the count,
        // so bytes left at the pause are offered again (Inbound's top-level stall).
        resumes.incrementAndGet();
        readingPaused = false;
        if (ops.inLoop()) {
            resumeOnLoop(); // runs no callback: asks for a service at most
        } else {
            runOnLoop(this::resumeOnLoop);
        }
    }

    long resumeCount() {
        return resumes.get();
    }

    private void resumeOnLoop() {
        if (state == State.CLOSED || readingPaused || in == null) {
            return;
        }
        if (driving) {
            redrive = true;
            return;
        }
        updateInterest();
        if (in.serviceable() || inputShutdownDue()) {
            requestService();
        }
    }

    @Override
    public boolean isReadingPaused() {
        return readingPaused;
    }

    @Override
    public void shutdownOutput() {
        if (outputClosedBy == null) {
            outputClosedBy = "was shut down";
        }
        inLoop(() -> {
            if (state != State.CLOSED && handler != null) {
                requestOutputShutdown();
                drive();
            }
        });
    }

    @Override
    public CompletionStage<Void> close() {
        if (outputClosedBy == null) {
            outputClosedBy = "was closed";
        }
        inLoop(this::closeOnLoop);
        return closeFuture;
    }

    private void closeOnLoop() {
        if (state == State.CLOSED || closeRequested) {
            return;
        }
        closeRequested = true;
        if (state == State.CONNECTING || handler == null) {
            finish(null, false);
        } else {
            drive();
        }
    }

    @Override
    public void abort() {
        outputClosedBy = "was aborted";
        inLoop(() -> {
            if (state == State.CLOSED) {
                return;
            }
            abortRequested = true;
            if (driving) {
                redrive = true;
            } else {
                finish(failure, true);
            }
        });
    }

    @Override
    public CompletionStage<Void> closeFuture() {
        return closeFuture;
    }

    @Override
    public boolean isOpen() {
        return outputClosedBy == null && state != State.CLOSED && !closeFuture.isDone();
    }

    @Override
    public Object attribute(String key) {
        return attributes.get(Objects.requireNonNull(key, "key"));
    }

    @Override
    public Object attribute(String key, Object value) {
        Objects.requireNonNull(key, "key");
        return value == null ? attributes.remove(key) : attributes.put(key, value);
    }

    // ---- helpers ----

    boolean isClient() {
        return client;
    }

    RealLoop realLoop() {
        return loop;
    }

    RealLoopGroup group() {
        return group;
    }

    void requestDrive() {
        inLoop(this::drive);
    }

    /**
     * Runs {@code action} now if called from inside one of this connection's callbacks (it only
     * sets flags there, acted on when the callback returns), else in a task on the loop: a call
     * from a timer, another connection's callback or another thread never runs this connection's
     * callbacks before it returns.
     */
    private void inLoop(Runnable action) {
        if (driving && ops.inLoop()) {
            action.run();
        } else {
            runOnLoop(action);
        }
    }

    private void runOnLoop(Runnable action) {
        try {
            ops.execute(action);
        } catch (RejectedExecutionException e) {
            log.debug("{}: loop has shut down; {} dropped", this, action);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Connection#").append(id).append('{').append(state);
        sb.append(client ? ", client" : ", server");
        if (readingPaused) {
            sb.append(", paused");
        }
        if (closeRequested) {
            sb.append(", closeRequested");
        }
        if (abortRequested) {
            sb.append(", abortRequested");
        }
        sb.append(close);
        if (inputShutdownDelivered) {
            sb.append(", input shut");
        }
        if (registration != null && registration.isValid()) {
            sb.append(", interest=").append(Interest.toString(registration.interest()));
        }
        sb.append(", ").append(service);
        if (in != null) {
            sb.append(", ").append(in).append(", ").append(out);
        }
        return sb.append('}').toString();
    }
}
