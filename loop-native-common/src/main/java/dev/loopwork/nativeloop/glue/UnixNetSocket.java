package dev.loopwork.nativeloop.glue;

import dev.loopwork.spi.NetSocket;
import io.netty.channel.unix.Limits;
import io.netty.channel.unix.Socket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.NotYetConnectedException;
import java.util.Objects;

/**
 * A {@link NetSocket} over a Netty native {@link Socket}.
 *
 * <h2>Buffers</h2>
 * Direct buffers go straight to {@code read(2)}, {@code write(2)} and {@code writev(2)}; heap buffers
 * are copied through a per-thread direct scratch buffer. Either way the buffer's position moves by
 * the bytes transferred (Netty's native calls do not move it; this class does). A gathering write of
 * direct buffers is one {@code writev} of up to IOV_MAX buffers; one that holds a heap buffer is done
 * buffer by buffer, stopping at the first short write.
 *
 * <h2>Errors</h2>
 * A reset, a broken pipe, a closed descriptor: {@link IOException} (Netty's {@code NativeIoException},
 * {@code ClosedChannelException}); I/O before the connect finished is an {@link IOException} too.
 */
final class UnixNetSocket extends UnixPollable implements NetSocket {

    private final InetSocketAddress remote;
    private InetSocketAddress local;
    private boolean connected;

    UnixNetSocket(UnixSockets owner, Socket socket, InetSocketAddress remote, boolean connected) {
        super(owner, socket);
        this.remote = Objects.requireNonNull(remote, "remote");
        this.connected = connected;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("read into a read-only buffer");
        }
        int pos = dst.position();
        int lim = dst.limit();
        if (pos == lim) {
            return 0;
        }
        try {
            if (!dst.isDirect()) {
                return HeapIo.read(socket, dst);
            }
            int n = socket.read(dst, pos, lim);
            if (n > 0) {
                dst.position(pos + n);
            }
            return n;
        } catch (NotYetConnectedException e) {
            throw notConnected("read", e);
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int pos = src.position();
        int lim = src.limit();
        if (pos == lim) {
            return 0;
        }
        try {
            if (!src.isDirect()) {
                return HeapIo.write(socket, src);
            }
            int n = socket.write(src, pos, lim);
            if (n > 0) {
                src.position(pos + n);
            }
            return n;
        } catch (NotYetConnectedException e) {
            throw notConnected("write", e);
        }
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, srcs.length);
        if (length == 0) {
            return 0;
        }
        if (length == 1) {
            return write(srcs[offset]);
        }
        int count = Math.min(length, Limits.IOV_MAX);
        boolean allDirect = true;
        for (int i = offset; i < offset + count; i++) {
            if (!srcs[i].isDirect()) {
                allDirect = false;
                break;
            }
        }
        try {
            return allDirect ? writev(srcs, offset, count) : writeOneByOne(srcs, offset, length);
        } catch (NotYetConnectedException e) {
            throw notConnected("write", e);
        }
    }

    private long writev(ByteBuffer[] srcs, int offset, int count) throws IOException {
        long written = socket.writev(srcs, offset, count, Limits.SSIZE_MAX);
        long left = written;
        for (int i = offset; i < offset + count && left > 0; i++) {
            ByteBuffer b = srcs[i];
            int r = b.remaining();
            if (left >= r) {
                b.position(b.limit());
                left -= r;
            } else {
                b.position(b.position() + (int) left);
                left = 0;
            }
        }
        return written;
    }

    private long writeOneByOne(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            ByteBuffer b = srcs[i];
            if (!b.hasRemaining()) {
                continue;
            }
            total += write(b);
            if (b.hasRemaining()) {
                break; // the send buffer is full
            }
        }
        return total;
    }

    @Override
    public boolean finishConnect() throws IOException {
        if (connected) {
            return true;
        }
        // Netty's finishConnect only reads SO_ERROR: 0 means "connected" and also "still in progress".
        // getpeername succeeds only once the connection is established, which tells the two apart.
        if (!socket.finishConnect() || socket.remoteAddress() == null) {
            return false;
        }
        connected = true;
        return true;
    }

    @Override
    public void shutdownOutput() throws IOException {
        if (!socket.isOpen()) {
            return;
        }
        try {
            socket.shutdown(false, true);
        } catch (NotYetConnectedException e) {
            throw notConnected("shutdownOutput", e);
        }
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public InetSocketAddress localAddress() {
        InetSocketAddress a = local;
        if (a == null && socket.isOpen()) {
            a = socket.localAddress();
            if (connected) {
                local = a; // fixed from now on; before the connect ends it may still be unbound
            }
        }
        return a;
    }

    @Override
    public void abort() {
        if (socket.isOpen()) {
            try {
                socket.setSoLinger(0);
            } catch (IOException e) {
                // Already reset by the peer or never connected: a plain close is all that is left.
            }
        }
        close();
    }

    private IOException notConnected(String op, NotYetConnectedException e) {
        return new IOException(op + " on " + this + " before its connect finished", e);
    }

    @Override
    public String toString() {
        return owner.transportName() + "-socket[fd=" + fd() + ", " + (local != null ? local : "?") + " -> " + remote
                + (connected ? "" : ", connecting") + (isOpen() ? "" : ", closed")
                + (socket.isOutputShutdown() && isOpen() ? ", output shut" : "") + ']';
    }
}
