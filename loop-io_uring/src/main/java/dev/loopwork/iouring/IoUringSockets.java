package dev.loopwork.iouring;

import dev.loopwork.nativeloop.glue.UnixSockets;
import io.netty.channel.unix.Socket;

/**
 * Non-blocking TCP sockets over Netty's native {@link Socket} (as {@link IoUringSocket}), which io_uring
 * loops watch. SO_REUSEPORT is supported: several listeners on one address, each accepting its share.
 */
final class IoUringSockets extends UnixSockets {

    /** EADDRINUSE on every Linux architecture Netty ships a native library for (x86_64, aarch64, riscv64). */
    private static final int EADDRINUSE = 98;

    @Override
    protected Socket newStreamSocket(boolean ipv6) {
        return IoUringSocket.newStream(ipv6);
    }

    @Override
    protected Socket wrapAccepted(int fd) {
        return new IoUringSocket(fd);
    }

    @Override
    protected int errnoAddressInUse() {
        return EADDRINUSE;
    }

    @Override
    public String transportName() {
        return "io_uring";
    }

    @Override
    public boolean supportsReusePort() {
        return true;
    }
}
