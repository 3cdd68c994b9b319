package dev.loopwork.epoll;

import dev.loopwork.nativeloop.glue.UnixSockets;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.unix.Socket;

/**
 * Non-blocking TCP sockets over Netty's {@link LinuxSocket}, which epoll loops watch. SO_REUSEPORT is
 * supported: several listeners on one address, each accepting its share of connections.
 */
final class EpollSockets extends UnixSockets {

    /** EADDRINUSE on every Linux architecture Netty ships a native library for (x86_64, aarch64, riscv64). */
    private static final int EADDRINUSE = 98;

    @Override
    protected Socket newStreamSocket(boolean ipv6) {
        return LinuxSocket.newSocketStream(ipv6);
    }

    @Override
    protected Socket wrapAccepted(int fd) {
        return LinuxSocket.newSocket(fd);
    }

    @Override
    protected int errnoAddressInUse() {
        return EADDRINUSE;
    }

    @Override
    public String transportName() {
        return "epoll";
    }

    @Override
    public boolean supportsReusePort() {
        return true;
    }
}
