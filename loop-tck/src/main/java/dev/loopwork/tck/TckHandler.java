package dev.loopwork.tck;

import dev.loopwork.Connection;
import dev.loopwork.ConnectionHandler;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The base of every handler in the kit: checks the callback contract of {@link ConnectionHandler}
 * on every call and records how the connection ended, then hands over to the case's hooks.
 *
 * <h2>Checked on every callback</h2>
 * It runs on the connection's loop ({@code loop().inLoop()}), it is not entered while another
 * callback of the same connection runs, it does not come after {@code onClosed}, {@code onOpen}
 * comes once and first, and {@code onClosed} comes exactly once. Breaches go to {@link Violations}.
 *
 * <h2>Recorded</h2>
 * {@link #opened} completes with the connection when {@code onOpen} starts, {@link #closed} with the
 * cause given to {@code onClosed} ({@code null} for a clean close), {@link #closedCalls} counts
 * {@code onClosed} calls.
 */
abstract class TckHandler implements ConnectionHandler {

    final CompletableFuture<Connection> opened = new CompletableFuture<>();
    /** Completes with the cause passed to onClosed; a clean close completes it with null. */
    final CompletableFuture<Throwable> closed = new CompletableFuture<>();
    final AtomicInteger closedCalls = new AtomicInteger();
    volatile Connection connection;

    private final Violations violations;
    private final AtomicInteger active = new AtomicInteger();

    TckHandler(Violations violations) {
        this.violations = violations;
    }

    /** Hook for onOpen. */
    void opened(Connection c) throws Exception {
    }

    /** Hook for onData. */
    abstract void data(Connection c, ByteBuffer data) throws Exception;

    /** Hook for onWritable. */
    void writable(Connection c) throws Exception {
    }

    /** Hook for onInputShutdown; like the interface's default, closes. */
    void inputShutdown(Connection c) throws Exception {
        c.close();
    }

    /** Hook for onShutdown; like the interface's default, closes. */
    void shutdown(Connection c) throws Exception {
        c.close();
    }

    /** Hook for onClosed. */
    void closedHook(Connection c, Throwable cause) throws Exception {
    }

    @Override
    public final void onOpen(Connection c) throws Exception {
        enter(c, "onOpen");
        try {
            if (opened.isDone()) {
                violations.add("onOpen called twice on " + c);
            }
            connection = c;
            opened.complete(c);
            opened(c);
        } finally {
            exit();
        }
    }

    @Override
    public final void onData(Connection c, ByteBuffer data) throws Exception {
        enter(c, "onData");
        try {
            if (!opened.isDone()) {
                violations.add("onData before onOpen on " + c);
            }
            data(c, data);
        } finally {
            exit();
        }
    }

    @Override
    public final void onWritable(Connection c) throws Exception {
        enter(c, "onWritable");
        try {
            writable(c);
        } finally {
            exit();
        }
    }

    @Override
    public final void onInputShutdown(Connection c) throws Exception {
        enter(c, "onInputShutdown");
        try {
            inputShutdown(c);
        } finally {
            exit();
        }
    }

    @Override
    public final void onShutdown(Connection c) throws Exception {
        enter(c, "onShutdown");
        try {
            shutdown(c);
        } finally {
            exit();
        }
    }

    @Override
    public final void onClosed(Connection c, Throwable cause) throws Exception {
        // Checked before enter(): onClosed itself must not be flagged as "after onClosed".
        int calls = closedCalls.incrementAndGet();
        if (calls > 1) {
            violations.add("onClosed called " + calls + " times on " + c + " (cause now: " + cause + ')');
        }
        if (!c.loop().inLoop()) {
            violations.add("onClosed ran off the connection's loop on " + c);
        }
        if (active.getAndIncrement() != 0) {
            violations.add("onClosed entered while another callback of " + c + " was running");
        }
        try {
            closed.complete(cause);
            closedHook(c, cause);
        } finally {
            active.decrementAndGet();
        }
    }

    private void enter(Connection c, String callback) {
        if (!c.loop().inLoop()) {
            violations.add(callback + " ran off the connection's loop on " + c);
        }
        if (active.getAndIncrement() != 0) {
            violations.add(callback + " entered while another callback of " + c + " was running");
        }
        if (closedCalls.get() > 0) {
            violations.add(callback + " called after onClosed on " + c);
        }
    }

    private void exit() {
        active.decrementAndGet();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{connection=" + connection + ", opened=" + opened.isDone()
                + ", closedCalls=" + closedCalls + ", cause=" + closed.getNow(null) + '}';
    }
}
