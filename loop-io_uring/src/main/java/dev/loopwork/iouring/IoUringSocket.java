package dev.loopwork.iouring;

import io.netty.channel.unix.Socket;

/**
 * A Netty native socket for the io_uring loop. Netty's io_uring {@code LinuxSocket} is not public; the
 * base {@link Socket} has every call Loopwork makes ({@code read}, {@code write}, {@code writev},
 * {@code accept4}, options), and its JNI functions are registered by the io_uring native library, so
 * no other transport's library is needed. This subclass only exists to reach Netty's protected
 * constructor of a stream socket of a given family.
 */
final class IoUringSocket extends Socket {

    IoUringSocket(int fd) {
        super(fd);
    }

    /** A new non-blocking, close-on-exec TCP socket. */
    static IoUringSocket newStream(boolean ipv6) {
        return new IoUringSocket(newSocketStream0(ipv6));
    }
}
