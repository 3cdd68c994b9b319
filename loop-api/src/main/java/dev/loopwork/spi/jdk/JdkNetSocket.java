package dev.loopwork.spi.jdk;

import dev.loopwork.spi.NetSocket;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** A {@link NetSocket} over a non-blocking {@link SocketChannel}. */
final class JdkNetSocket implements NetSocket {

    private final SocketChannel channel;
    private volatile InetSocketAddress local;
    private volatile InetSocketAddress remote;

    JdkNetSocket(SocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return channel.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return channel.write(srcs, offset, length);
    }

    @Override
    public boolean finishConnect() throws IOException {
        return channel.finishConnect();
    }

    @Override
    public void shutdownOutput() throws IOException {
        if (channel.isOpen()) {
            try {
                channel.shutdownOutput();
            } catch (java.nio.channels.NotYetConnectedException e) {
                throw new IOException("shutdownOutput before connected", e);
            }
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        InetSocketAddress a = local;
        if (a == null) {
            a = (InetSocketAddress) address(true);
            local = a;
        }
        return a;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        InetSocketAddress a = remote;
        if (a == null) {
            a = (InetSocketAddress) address(false);
            remote = a;
        }
        return a;
    }

    private Object address(boolean localSide) {
        try {
            return localSide ? channel.getLocalAddress() : channel.getRemoteAddress();
        } catch (java.nio.channels.ClosedChannelException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void abort() {
        try {
            if (channel.isOpen()) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
        } catch (IOException ignored) {
            // Already reset or closed by the peer: a plain close is all that is left to do.
        }
        close();
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
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
            // close() of a socket channel only fails when the fd is already gone.
        }
    }

    @Override
    public String toString() {
        return "JdkNetSocket[" + localAddress() + " -> " + remoteAddress() + (isOpen() ? "" : ", closed") + ']';
    }
}
