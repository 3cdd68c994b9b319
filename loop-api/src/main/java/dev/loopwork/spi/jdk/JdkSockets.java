package dev.loopwork.spi.jdk;

import dev.loopwork.SocketOptions;
import dev.loopwork.spi.NetListener;
import dev.loopwork.spi.NetSocket;
import dev.loopwork.spi.Pollable;
import dev.loopwork.spi.Sockets;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * {@link Sockets} over JDK channels. A loop built on a {@link java.nio.channels.Selector} registers
 * {@link #channel(Pollable)} and needs nothing else from the OS. Mind the connect trap: WRITE
 * interest on a connecting socket is {@code OP_CONNECT} until {@code finishConnect()} returned
 * {@code true} (see the package comment).
 */
public final class JdkSockets implements Sockets {

    private static final JdkSockets INSTANCE = new JdkSockets();

    private JdkSockets() {
    }

    public static JdkSockets instance() {
        return INSTANCE;
    }

    /**
     * The selectable channel behind a pollable made by these sockets.
     *
     * @throws IllegalArgumentException if {@code pollable} was made by other sockets
     */
    public static SelectableChannel channel(Pollable pollable) {
        Objects.requireNonNull(pollable, "pollable");
        SelectableChannel channel = pollable.unwrap(SelectableChannel.class);
        if (channel == null) {
            throw new IllegalArgumentException("a JDK-selector loop cannot watch " + pollable
                    + ": it was not made by JdkSockets");
        }
        return channel;
    }

    @Override
    public NetListener listen(InetSocketAddress address, SocketOptions options) throws IOException {
        requireResolved(address);
        ServerSocketChannel ch = ServerSocketChannel.open(address.getAddress().getClass() == java.net.Inet6Address.class
                ? java.net.StandardProtocolFamily.INET6 : java.net.StandardProtocolFamily.INET);
        try {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, options.reuseAddress());
            if (options.reusePort() && ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            if (options.receiveBufferSize() > 0) {
                // Set before bind so that accepted sockets inherit it with the right window scale.
                ch.setOption(StandardSocketOptions.SO_RCVBUF, options.receiveBufferSize());
            }
            ch.bind(address, options.backlog());
            return new JdkNetListener(ch, options);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public NetSocket connect(InetSocketAddress address, SocketOptions options) throws IOException {
        requireResolved(address);
        SocketChannel ch = SocketChannel.open();
        try {
            ch.configureBlocking(false);
            apply(ch, options);
            ch.connect(address);
            return new JdkNetSocket(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    static void apply(SocketChannel ch, SocketOptions options) throws IOException {
        ch.setOption(StandardSocketOptions.TCP_NODELAY, options.tcpNoDelay());
        ch.setOption(StandardSocketOptions.SO_KEEPALIVE, options.keepAlive());
        if (options.receiveBufferSize() > 0) {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, options.receiveBufferSize());
        }
        if (options.sendBufferSize() > 0) {
            ch.setOption(StandardSocketOptions.SO_SNDBUF, options.sendBufferSize());
        }
    }

    private static void requireResolved(InetSocketAddress address) {
        Objects.requireNonNull(address, "address");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("address " + address + " is unresolved");
        }
    }
}
