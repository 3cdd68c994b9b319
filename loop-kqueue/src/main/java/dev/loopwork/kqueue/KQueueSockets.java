package dev.loopwork.kqueue;

import dev.loopwork.nativeloop.glue.UnixSockets;
import io.netty.channel.unix.Socket;

/**
 * Non-blocking TCP sockets over Netty's native {@link Socket} ({@link KQueueSocket}), which kqueue loops
 * watch.
 *
 * <h2>SO_REUSEPORT</h2>
 * Set when asked for, but {@link #supportsReusePort()} is {@code false}: macOS lets several listeners
 * bind one port yet gives every connection to one of them, and FreeBSD spreads them only with
 * {@code SO_REUSEPORT_LB}, which Netty does not expose. One listener per group is the right shape here.
 */
final class KQueueSockets extends UnixSockets {

    @Override
    protected Socket newStreamSocket(boolean ipv6) {
        return KQueueSocket.newStream(ipv6);
    }

    @Override
    protected Socket wrapAccepted(int fd) {
        return new KQueueSocket(fd);
    }

    @Override
    protected int errnoAddressInUse() {
        return KQueueConstants.EADDRINUSE;
    }

    @Override
    public String transportName() {
        return "kqueue";
    }

    @Override
    public boolean supportsReusePort() {
        return false;
    }
}
