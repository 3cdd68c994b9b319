package dev.loopwork.internal;

import dev.loopwork.spi.NetSocket;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A socket in memory for the core's unit tests: writes take at most {@code budget} bytes and are
 * kept; reads return what {@link #feed} queued, then 0 (nothing more yet).
 */
final class TestSocket implements NetSocket {
    final ByteArrayOutputStream taken = new ByteArrayOutputStream();
    volatile int budget = Integer.MAX_VALUE;
    volatile boolean keep = true;

    private final ByteBuffer incoming = ByteBuffer.allocate(1 << 20).flip();

    /** Queues bytes for {@link #read}. */
    synchronized void feed(byte[] bytes) {
        incoming.compact().put(bytes).flip();
    }

    @Override
    public synchronized int read(ByteBuffer dst) {
        int n = Math.min(dst.remaining(), incoming.remaining());
        ByteBuffer part = incoming.slice().limit(n);
        dst.put(part);
        incoming.position(incoming.position() + n);
        return n;
    }

    @Override
    public synchronized int write(ByteBuffer src) {
        int n = Math.min(src.remaining(), budget);
        byte[] b = new byte[n];
        src.get(b);
        if (keep) {
            taken.write(b, 0, n);
        }
        return n;
    }

    @Override
    public synchronized long write(ByteBuffer[] srcs, int offset, int length) {
        long n = 0;
        for (int i = offset; i < offset + length; i++) {
            int w = write(srcs[i]);
            n += w;
            if (srcs[i].hasRemaining()) {
                break;
            }
        }
        return n;
    }

    @Override
    public boolean finishConnect() {
        return true;
    }

    @Override
    public void shutdownOutput() {
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return null;
    }

    @Override
    public void abort() {
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public InetSocketAddress localAddress() {
        return null;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        return null;
    }

    @Override
    public void close() {
    }
}
