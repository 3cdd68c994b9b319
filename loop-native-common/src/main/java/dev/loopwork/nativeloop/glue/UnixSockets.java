package dev.loopwork.nativeloop.glue;

import dev.loopwork.SocketOptions;
import dev.loopwork.spi.NetListener;
import dev.loopwork.spi.NetSocket;
import dev.loopwork.spi.Sockets;
import io.netty.channel.ChannelException;
import io.netty.channel.unix.Errors;
import io.netty.channel.unix.Socket;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * {@link Sockets} over Netty's native {@link Socket}: non-blocking TCP sockets that a native loop of
 * the same transport can watch. A transport supplies how to open a socket and how to wrap an accepted
 * descriptor; options, binding, connecting and error translation are shared.
 *
 * <h2>Options</h2>
 * A listener gets SO_REUSEADDR, SO_REUSEPORT (if asked for; Linux and the BSDs both have it, but only
 * where {@link #supportsReusePort()} does the kernel spread connections over the listeners) and
 * SO_RCVBUF before it binds, so that accepted sockets inherit a receive window scaled for it; each
 * accepted or connecting socket gets TCP_NODELAY, SO_KEEPALIVE, SO_RCVBUF and SO_SNDBUF (zero buffer
 * sizes keep the OS defaults).
 *
 * <h2>Errors</h2>
 * A bind to an address in use throws {@link BindException} naming the address; a refused or
 * unreachable connect throws {@link java.net.ConnectException} (now, or from
 * {@link NetSocket#finishConnect()}).
 */
public abstract class UnixSockets implements Sockets {

    /**
     * Opens a non-blocking, close-on-exec TCP socket of the given family.
     *
     * @throws io.netty.channel.ChannelException if the OS refuses (Netty's way; turned into an IOException here)
     */
    protected abstract Socket newStreamSocket(boolean ipv6);

    /** Wraps a descriptor returned by {@code accept} (already non-blocking and close-on-exec). */
    protected abstract Socket wrapAccepted(int fd);

    /** This OS's EADDRINUSE (98 on Linux, 48 on macOS and the BSDs): Netty does not export it. */
    protected abstract int errnoAddressInUse();

    /** The transport's name, for messages. */
    public abstract String transportName();

    @Override
    public NetListener listen(InetSocketAddress address, SocketOptions options) throws IOException {
        requireResolved(address);
        Objects.requireNonNull(options, "options");
        Socket s = open(address);
        try {
            s.setReuseAddress(options.reuseAddress());
            if (options.reusePort()) {
                s.setReusePort(true);
            }
            if (options.receiveBufferSize() > 0) {
                s.setReceiveBufferSize(options.receiveBufferSize());
            }
            try {
                s.bind(address);
                s.listen(options.backlog());
            } catch (Errors.NativeIoException e) {
                throw translateBindFailure(address, e);
            }
            return new UnixNetListener(this, s, options);
        } catch (IOException | RuntimeException e) {
            closeQuietly(s, e);
            throw e;
        }
    }

    @Override
    public NetSocket connect(InetSocketAddress address, SocketOptions options) throws IOException {
        requireResolved(address);
        Objects.requireNonNull(options, "options");
        Socket s = open(address);
        try {
            apply(s, options);
            boolean connected = s.connect(address);
            return new UnixNetSocket(this, s, address, connected);
        } catch (IOException | RuntimeException e) {
            closeQuietly(s, e);
            throw e;
        }
    }

    private Socket open(InetSocketAddress address) throws IOException {
        try {
            return newStreamSocket(address.getAddress() instanceof Inet6Address);
        } catch (ChannelException e) {
            // e.g. EMFILE: Netty wraps the errno in an unchecked exception; the SPI promises an IOException.
            throw new IOException("cannot open a " + transportName() + " socket for " + address + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
    }

    /** Applies the per-connection options to {@code s}. */
    static void apply(Socket s, SocketOptions options) throws IOException {
        s.setTcpNoDelay(options.tcpNoDelay());
        s.setKeepAlive(options.keepAlive());
        if (options.receiveBufferSize() > 0) {
            s.setReceiveBufferSize(options.receiveBufferSize());
        }
        if (options.sendBufferSize() > 0) {
            s.setSendBufferSize(options.sendBufferSize());
        }
    }

    private IOException translateBindFailure(InetSocketAddress address, Errors.NativeIoException e) {
        if (e.expectedErr() == -errnoAddressInUse()) {
            BindException be = new BindException("address " + address + " is in use (" + transportName() + " bind)");
            be.initCause(e);
            return be;
        }
        return new IOException("cannot listen on " + address + ": " + e.getMessage(), e);
    }

    private static void closeQuietly(Socket s, Throwable cause) {
        try {
            s.close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private static void requireResolved(InetSocketAddress address) {
        Objects.requireNonNull(address, "address");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("address " + address + " is unresolved");
        }
    }

    @Override
    public String toString() {
        return transportName() + " sockets";
    }
}
