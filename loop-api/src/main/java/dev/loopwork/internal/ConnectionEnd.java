package dev.loopwork.internal;

import dev.loopwork.AbortedException;
import dev.loopwork.CloseTimeoutException;
import dev.loopwork.Connection;
import dev.loopwork.LoopFailedException;
import dev.loopwork.ShutdownDeadlineException;
import dev.loopwork.spi.NetSocket;

import java.io.IOException;
import java.net.SocketException;

/**
 * How a connection ends, and the cause its handler is told: the single place that decides what
 * {@code onClosed} receives, so that {@code null} is only ever reported for a clean end.
 *
 * <h2>Which cause</h2>
 * <ul>
 *   <li>the first failure (an I/O error, a stage's or the handler's exception), if any: later ones
 *       are consequences and are dropped. An {@link IOException} of a type outside the JDK (a native
 *       transport's own, such as Netty's {@code NativeIoException}) is reported as a
 *       {@link SocketException} with the same message and the original as its cause, so that users
 *       of the public API only ever see JDK types;</li>
 *   <li>else the reason of the reset: {@link AbortedException}, {@link CloseTimeoutException},
 *       {@link ShutdownDeadlineException} or {@link LoopFailedException}, each with the bytes that
 *       were still queued;</li>
 *   <li>else {@code null}: the graceful close ran to its end, or the connect never completed.</li>
 * </ul>
 */
final class ConnectionEnd {

    /** Why the core reset a connection that had not failed. */
    enum Reason { APPLICATION, CLOSE_TIMEOUT, SHUTDOWN_DEADLINE, LOOP_FAILED }

    private final Connection conn;
    private final NetSocket socket;
    private Throwable failure;
    private Reason reason;

    ConnectionEnd(Connection conn, NetSocket socket) {
        this.conn = conn;
        this.socket = socket;
    }

    /** Records {@code cause} if it is the first failure; returns whether it was (so it is logged once). */
    boolean failed(Throwable cause) {
        if (failure != null || cause == null) {
            return false;
        }
        failure = cause;
        return true;
    }

    /** Records the reason of a reset; the first one stays. */
    void abortFor(Reason r) {
        if (reason == null) {
            reason = r;
        }
    }

    boolean hasCause() {
        return failure != null || reason != null;
    }

    /** The cause to report, given the bytes that were still unsent; null for a clean end. */
    Throwable cause(long unsent, CloseSequence.Phase closePhase) {
        if (failure != null) {
            return jdkType(failure);
        }
        if (reason == null) {
            return null;
        }
        String who = "connection " + conn.id();
        switch (reason) {
            case APPLICATION:
                return new AbortedException(who + " was aborted (reset) by the application", unsent);
            case CLOSE_TIMEOUT:
                return new CloseTimeoutException(who + ": the graceful close did not finish within the close "
                        + "timeout (at " + closePhase + "); the connection was reset", unsent);
            case SHUTDOWN_DEADLINE:
                return new ShutdownDeadlineException(who + " was still open at the group's shutdown deadline and "
                        + "was reset", unsent);
            default:
                return new LoopFailedException(who + ": its loop stopped running tasks; the connection was reset "
                        + "from outside the loop at the shutdown deadline", unsent);
        }
    }

    /** Releases the socket: a plain close after a clean end, a reset (RST) otherwise. */
    void closeSocket(boolean clean) {
        if (clean) {
            socket.close();
        } else {
            socket.abort();
        }
    }

    static Throwable jdkType(Throwable t) {
        if (!(t instanceof IOException)) {
            return t;
        }
        String name = t.getClass().getName();
        if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("dev.loopwork.")) {
            return t;
        }
        SocketException e = new SocketException(t.getMessage());
        e.initCause(t);
        return e;
    }

    @Override
    public String toString() {
        if (failure != null) {
            return ", failure=" + failure;
        }
        return reason == null ? "" : ", reset=" + reason;
    }
}
