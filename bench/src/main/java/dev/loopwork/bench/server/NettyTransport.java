package dev.loopwork.bench.server;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;

/**
 * The Netty transport that is the peer of a Loopwork backend: NIO for the Selector-based loops
 * (nio and the integrator's example loops), epoll for epoll, io_uring for io_uring. Which Loopwork
 * backend goes with which is {@link #peerOf(String)}: one table, so a new backend is one line.
 */
public enum NettyTransport {
    NIO("nio"),
    EPOLL("epoll"),
    IO_URING("io_uring");

    private final String label;

    NettyTransport(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static NettyTransport of(String name) {
        for (NettyTransport t : values()) {
            if (t.label.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no Netty transport '" + name + "' (nio, epoll, io_uring)");
    }

    /**
     * The Netty transport a Loopwork backend is compared with: the same kind of loop. Providers are
     * matched by their name's prefix ({@code epoll-manual} is an epoll loop); anything else is a
     * Selector loop, compared with Netty NIO. {@code null} for kqueue (no Netty kqueue peer here).
     */
    public static String peerOf(String loopworkBackend) {
        if (loopworkBackend.startsWith("epoll")) {
            return EPOLL.label;
        }
        if (loopworkBackend.startsWith("io_uring") || loopworkBackend.startsWith("iouring")
                || loopworkBackend.startsWith("io-uring")) {
            return IO_URING.label;
        }
        if (loopworkBackend.startsWith("kqueue")) {
            return "kqueue";
        }
        return NIO.label;
    }

    /** {@code null} if this transport runs here, else why not. */
    public String unavailability() {
        try {
            switch (this) {
                case EPOLL:
                    return Epoll.isAvailable() ? null : String.valueOf(Epoll.unavailabilityCause());
                case IO_URING:
                    return IoUring.isAvailable() ? null : String.valueOf(IoUring.unavailabilityCause());
                default:
                    return null;
            }
        } catch (Throwable t) {
            return t.toString();
        }
    }

    /** One thread accepts and serves: the same single thread the Loopwork servers get. */
    public MultiThreadIoEventLoopGroup newGroup() {
        IoHandlerFactory factory;
        if (this == EPOLL) {
            Epoll.ensureAvailability();
            factory = EpollIoHandler.newFactory();
        } else if (this == IO_URING) {
            IoUring.ensureAvailability();
            factory = IoUringIoHandler.newFactory();
        } else {
            factory = NioIoHandler.newFactory();
        }
        return new MultiThreadIoEventLoopGroup(1, factory);
    }

    public Class<? extends ServerChannel> serverChannel() {
        switch (this) {
            case EPOLL:
                return EpollServerSocketChannel.class;
            case IO_URING:
                return IoUringServerSocketChannel.class;
            default:
                return NioServerSocketChannel.class;
        }
    }
}
