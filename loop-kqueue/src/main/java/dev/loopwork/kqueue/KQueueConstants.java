package dev.loopwork.kqueue;

/**
 * The kqueue ABI values this transport needs. Netty has them (from the C headers) in
 * {@code io.netty.channel.kqueue.Native}, but package-private; these are the values of
 * {@code <sys/event.h>} and {@code <sys/errno.h>}, the same on macOS, FreeBSD, NetBSD and OpenBSD.
 * {@code KQueueConstantsTest} compares them with Netty's wherever kqueue is available.
 */
final class KQueueConstants {

    static final short EVFILT_READ = -1;
    static final short EVFILT_WRITE = -2;

    static final short EV_ADD = 0x0001;
    static final short EV_DELETE = 0x0002;
    static final short EV_ENABLE = 0x0004;
    static final short EV_DISABLE = 0x0008;

    /** EADDRINUSE on macOS and the BSDs. */
    static final int EADDRINUSE = 48;

    private KQueueConstants() {
    }
}
