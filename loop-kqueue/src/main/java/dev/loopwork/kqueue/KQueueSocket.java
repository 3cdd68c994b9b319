package dev.loopwork.kqueue;

import io.netty.channel.unix.Socket;

/**
 * A native TCP socket for kqueue loops. Netty's own {@code BsdSocket} is package-private, so this
 * subclass of the public {@link Socket} opens sockets through its protected factory; nothing this
 * transport does needs the BSD extras ({@code sendfile}, accept filters, TCP Fast Open).
 */
final class KQueueSocket extends Socket {

    KQueueSocket(int fd) {
        super(fd);
    }

    /** A new non-blocking, close-on-exec stream socket. @throws io.netty.channel.ChannelException if the OS refuses */
    static KQueueSocket newStream(boolean ipv6) {
        return new KQueueSocket(newSocketStream0(ipv6));
    }
}
