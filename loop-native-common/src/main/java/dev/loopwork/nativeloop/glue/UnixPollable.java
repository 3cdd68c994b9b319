package dev.loopwork.nativeloop.glue;

import dev.loopwork.spi.Pollable;
import io.netty.channel.unix.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Objects;

/**
 * A {@link Pollable} over a Netty native {@link Socket}: what a native loop can watch. Knows the
 * {@link UnixSockets} that made it (so a loop can refuse other transports' sockets) and the
 * registration it has, if any (a descriptor is watched by at most one registration).
 */
public abstract class UnixPollable implements Pollable {

    private static final Logger log = LoggerFactory.getLogger(UnixPollable.class);

    protected final UnixSockets owner;
    protected final Socket socket;
    private volatile NativeRegistration registration;

    protected UnixPollable(UnixSockets owner, Socket socket) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.socket = Objects.requireNonNull(socket, "socket");
    }

    /** The sockets that made this pollable. */
    public final UnixSockets owner() {
        return owner;
    }

    /** The native socket (also reachable through {@link #unwrap}). */
    public final Socket socket() {
        return socket;
    }

    /** The descriptor number, for diagnostics. */
    public final int fd() {
        return socket.intValue();
    }

    /** The registration watching this socket, or {@code null}. */
    public final NativeRegistration registration() {
        return registration;
    }

    final void registrationStarted(NativeRegistration r) {
        registration = r;
    }

    final void registrationEnded(NativeRegistration r) {
        if (registration == r) {
            registration = null;
        }
    }

    @Override
    public final boolean isOpen() {
        return socket.isOpen();
    }

    /** The native socket as {@code type} ({@link Socket}, or the transport's subclass of it), else {@code null}. */
    @Override
    public final <T> T unwrap(Class<T> type) {
        return type.isInstance(socket) ? type.cast(socket) : null;
    }

    /**
     * Closes the socket; a registration still in place is cancelled first, so that the poller lets go
     * of the descriptor before its number can be reused. Idempotent.
     */
    @Override
    public void close() {
        NativeRegistration r = registration;
        if (r != null) {
            r.cancel();
        }
        try {
            socket.close();
        } catch (IOException e) {
            // close(2) failed (EIO, EINTR): the descriptor is released all the same on Linux and BSD.
            log.debug("close of {} reported {}", this, e.toString());
        }
    }
}
