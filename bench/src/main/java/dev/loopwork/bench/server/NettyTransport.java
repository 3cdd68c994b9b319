package dev.loopwork.bench.server;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The Netty transport that is the peer of a Loopwork backend: NIO for the Selector-based loops
 * (nio and the integrator's example loops), epoll for epoll.
 */
public enum NettyTransport {
    NIO("nio"),
    EPOLL("epoll");

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
        throw new IllegalArgumentException("no Netty transport '" + name + "' (nio, epoll)");
    }

    /** One thread accepts and serves: the same single thread the Loopwork servers get. */
    public MultiThreadIoEventLoopGroup newGroup() {
        IoHandlerFactory factory;
        if (this == EPOLL) {
            Epoll.ensureAvailability();
            factory = EpollIoHandler.newFactory();
        } else {
            factory = NioIoHandler.newFactory();
        }
        return new MultiThreadIoEventLoopGroup(1, factory);
    }

    public Class<? extends ServerChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
