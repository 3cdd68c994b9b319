package dev.loopwork.nativeloop.glue;

import dev.loopwork.SocketOptions;
import dev.loopwork.spi.NetListener;
import dev.loopwork.spi.NetSocket;
import io.netty.channel.unix.NativeInetAddress;
import io.netty.channel.unix.Socket;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A {@link NetListener} over a Netty native listening {@link Socket}. {@link #accept()} uses
 * {@code accept4(SOCK_NONBLOCK | SOCK_CLOEXEC)} where the OS has it, so an accepted socket needs no
 * further system call to be non-blocking; the listener's per-connection options are then applied.
 */
final class UnixNetListener extends UnixPollable implements NetListener {

    /** Netty writes the peer's address here: a length byte, then up to 24 bytes (IPv6, scope, port). */
    private final byte[] acceptedAddress = new byte[26];
    private final SocketOptions options;
    private final InetSocketAddress local;

    UnixNetListener(UnixSockets owner, Socket socket, SocketOptions options) {
        super(owner, socket);
        this.options = options;
        this.local = socket.localAddress();
    }

    @Override
    public NetSocket accept() throws IOException {
        int fd = socket.accept(acceptedAddress);
        if (fd < 0) {
            return null; // EAGAIN: nothing pending
        }
        Socket child = owner.wrapAccepted(fd);
        try {
            UnixSockets.apply(child, options);
            InetSocketAddress remote = NativeInetAddress.address(acceptedAddress, 1, acceptedAddress[0]);
            return new UnixNetSocket(owner, child, remote, true);
        } catch (IOException | RuntimeException e) {
            try {
                child.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    /** The options every accepted socket gets. */
    SocketOptions options() {
        return options;
    }

    @Override
    public String toString() {
        return owner.transportName() + "-listener[fd=" + fd() + ", " + local + (isOpen() ? "" : ", closed")
                + (registration() != null ? ", registered" : "") + ']';
    }
}
