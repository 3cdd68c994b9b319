package dev.loopwork.spi.jdk;

import dev.loopwork.SocketOptions;
import dev.loopwork.spi.NetListener;
import dev.loopwork.spi.NetSocket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** A {@link NetListener} over a non-blocking {@link ServerSocketChannel}. */
final class JdkNetListener implements NetListener {

    private final ServerSocketChannel channel;
    private final SocketOptions options;
    private final InetSocketAddress local;

    JdkNetListener(ServerSocketChannel channel, SocketOptions options) throws IOException {
        this.channel = channel;
        this.options = options;
        this.local = (InetSocketAddress) channel.getLocalAddress();
    }

    @Override
    public NetSocket accept() throws IOException {
        SocketChannel ch = channel.accept();
        if (ch == null) {
            return null;
        }
        try {
            ch.configureBlocking(false);
            JdkSockets.apply(ch, options);
            return new JdkNetSocket(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        return type.isInstance(channel) ? type.cast(channel) : null;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing useful to do: the listener is unusable either way.
        }
    }

    @Override
    public String toString() {
        return "JdkNetListener[" + local + (isOpen() ? "" : ", closed") + ']';
    }
}
