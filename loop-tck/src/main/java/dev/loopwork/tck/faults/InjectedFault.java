package dev.loopwork.tck.faults;

import java.io.IOException;

/**
 * An I/O error the {@link FaultInjectingProvider} made up: a reset on a read, a broken pipe on a
 * write, or "Too many open files" on an accept. It is an ordinary {@link IOException} to the code
 * under test; the kit recognises it by identity, to check that the connection it hit, and only that
 * one, ended with it as its cause.
 */
public final class InjectedFault extends IOException {

    private static final long serialVersionUID = 1L;

    /** What the fault imitates. */
    public enum Kind {
        /** {@code read} failed: "Connection reset by peer" (ECONNRESET). */
        RESET_ON_READ("Connection reset by peer"),
        /** {@code write} failed: "Broken pipe" (EPIPE). */
        BROKEN_PIPE_ON_WRITE("Broken pipe"),
        /** {@code accept} failed: "Too many open files" (EMFILE). */
        ACCEPT_EMFILE("Too many open files");

        final String message;

        Kind(String message) {
            this.message = message;
        }
    }

    private final Kind kind;
    private final String where;
    private final long atByte;

    InjectedFault(Kind kind, String where, long atByte, long seed) {
        super(kind.message + " (injected: " + where + (atByte >= 0 ? " at byte " + atByte : "") + ", seed " + seed + ')');
        this.kind = kind;
        this.where = where;
        this.atByte = atByte;
    }

    public Kind kind() {
        return kind;
    }

    /** The socket it was injected into, as {@code local->remote}. */
    public String where() {
        return where;
    }

    /** The stream offset of the read or write that failed; -1 for an accept. */
    public long atByte() {
        return atByte;
    }

    /** Whether {@code t} or one of its causes is this very fault. */
    public boolean isCauseOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c == this) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }
}
