package dev.loopwork.internal;

import dev.loopwork.ClosedException;
import dev.loopwork.Connection;
import dev.loopwork.ConnectionInitializer;
import dev.loopwork.Loop;
import dev.loopwork.spi.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The public face of a connection: what any thread may call. Everything that changes the
 * connection's state is handed to its {@link ConnectionDriver} on the loop thread; this class only
 * keeps what other threads must see at once (the pause flag, the write gate, the close future).
 *
 * <h2>Threads</h2>
 * A call from inside one of this connection's callbacks acts at once (it only sets state that the
 * running drive acts on when the callback returns); any other call (another thread, a timer,
 * another connection's callback) becomes a task on the loop. So no callback ever runs inside a call.
 */
final class RealConnection implements Connection {

    static final Logger log = LoggerFactory.getLogger(RealConnection.class);
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final RealLoopGroup group;
    private final RealLoop loop;
    private final NetSocket socket;
    private final boolean client;
    private final ConnectionDriver driver;
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private final ConcurrentHashMap<String, Object> attributes = new ConcurrentHashMap<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final AtomicLong resumes = new AtomicLong();
    private final Runnable flushTask = this::runFlushTask;
    private volatile boolean readingPaused;
    /** Why writes are refused, set on the calling thread at once; null while writes are allowed. */
    private volatile String outputClosedBy;

    RealConnection(RealLoopGroup group, RealLoop loop, NetSocket socket, boolean client) {
        this.group = group;
        this.loop = loop;
        this.socket = socket;
        this.client = client;
        this.driver = new ConnectionDriver(this, group, loop.ops(), socket, client);
    }

    // ---- setup (loop thread) ----

    void accepted(ConnectionInitializer initializer) {
        driver.accepted(initializer);
    }

    void connecting(ConnectionInitializer initializer, CompletableFuture<Connection> openFuture) {
        driver.connecting(initializer, openFuture);
    }

    /** The driver ended the connection and told the handler. */
    void closed() {
        if (outputClosedBy == null) {
            outputClosedBy = "is closed";
        }
        closeFuture.complete(null);
    }

    // ---- for the group and the stages ----

    /** The group is shutting down (loop thread). */
    void shutdownRequested() {
        driver.shutdownRequested();
    }

    /** The group's shutdown deadline passed: reset (any thread). */
    void abortAtDeadline() {
        onLoop(() -> driver.abort(ConnectionEnd.Reason.SHUTDOWN_DEADLINE));
    }

    /**
     * The connection's loop stopped running tasks: end the connection from the calling thread
     * (the group's watchdog), since no task would ever run on the loop.
     */
    void forceClose() {
        driver.forceClose();
    }

    /** A stage failed the connection (loop thread). */
    void fail(Throwable cause) {
        driver.fail(cause);
    }

    void requestDrive() {
        onLoop(() -> driver.drive(false));
    }

    boolean isClient() {
        return client;
    }

    RealLoop realLoop() {
        return loop;
    }

    RealLoopGroup group() {
        return group;
    }

    long resumeCount() {
        return resumes.get();
    }

    ConnectionDriver.Phase phase() {
        return driver.phase();
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
        Outbound out = driver.outbound();
        if (out == null) {
            throw new IllegalStateException("connection " + id + " is not initialized yet");
        }
        boolean writable = out.enqueue(data); // copies and consumes; throws if sealed meanwhile
        if (driver.inCallback()) {
            driver.flushRequested();
        } else if (flushScheduled.compareAndSet(false, true)) {
            runOnLoop(flushTask);
        }
        return writable;
    }

    private void runFlushTask() {
        flushScheduled.set(false);
        driver.outsideEvent();
    }

    @Override
    public boolean isWritable() {
        Outbound out = driver.outbound();
        return out == null || out.isWritable();
    }

    @Override
    public long pendingWriteBytes() {
        Outbound out = driver.outbound();
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
        boolean inCallback = driver.inCallback();
        // Counted before the flag clears: a loop that sees reading resumed also sees the count,
        // so bytes left at the pause are offered again (Inbound's top-level stall).
        resumes.incrementAndGet();
        readingPaused = false;
        if (loop.inLoop()) {
            driver.resumed(!inCallback); // runs no callback: asks for a service at most
        } else {
            runOnLoop(() -> driver.resumed(true));
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
        onLoop(driver::shutdownOutput);
    }

    @Override
    public CompletionStage<Void> close() {
        if (outputClosedBy == null) {
            outputClosedBy = "was closed";
        }
        onLoop(driver::close);
        return closeFuture;
    }

    @Override
    public void abort() {
        outputClosedBy = "was aborted";
        onLoop(() -> driver.abort(ConnectionEnd.Reason.APPLICATION));
    }

    @Override
    public CompletionStage<Void> closeFuture() {
        return closeFuture;
    }

    @Override
    public boolean isOpen() {
        return outputClosedBy == null && driver.phase() != ConnectionDriver.Phase.CLOSED && !closeFuture.isDone();
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

    /**
     * Runs {@code action} now if called from inside one of this connection's callbacks (it only
     * sets state there, acted on when the callback returns), else in a task on the loop: a call
     * from a timer, another connection's callback or another thread never runs this connection's
     * callbacks before it returns.
     */
    private void onLoop(Runnable action) {
        if (driver.inCallback()) {
            action.run();
        } else {
            runOnLoop(action);
        }
    }

    private void runOnLoop(Runnable action) {
        try {
            loop.ops().execute(action);
        } catch (RejectedExecutionException e) {
            log.debug("{}: loop has shut down; {} dropped", this, action);
        }
    }

    @Override
    public String toString() {
        return "Connection#" + id + '{' + (client ? "client, " : "server, ") + driver + '}';
    }
}
