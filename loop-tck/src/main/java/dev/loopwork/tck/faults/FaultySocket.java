package dev.loopwork.tck.faults;

import dev.loopwork.spi.NetSocket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A {@link NetSocket} that returns short and empty reads and writes, and fails once with an
 * injected reset or broken pipe, as its {@link FaultPlan} and seed say. Bytes are never lost or
 * reordered: a short operation moves the buffer's position by exactly what really went through.
 *
 * <h2>Threads</h2>
 * Like any {@code NetSocket}: reads and writes on the loop thread it is registered with; close and
 * abort from any thread (they only forward).
 */
final class FaultySocket implements NetSocket {

    private final NetSocket delegate;
    private final FaultPlan plan;
    private final FaultStats stats;
    private final SplittableRandom random;
    private final long index;
    /** Offset of the injected error in the read or write stream; -1 when this socket gets none. */
    private final long errorAt;
    private final boolean errorOnRead;
    private long bytesRead;
    private long bytesWritten;
    private volatile InjectedFault failed;

    FaultySocket(NetSocket delegate, FaultPlan plan, FaultStats stats, long index) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.plan = plan;
        this.stats = stats;
        this.index = index;
        // One stream per socket, derived from the seed and the socket's number, so that one socket's
        // traffic does not shift another's decisions.
        this.random = new SplittableRandom(plan.seed() * 0x9E3779B97F4A7C15L + index);
        if (random.nextDouble() < plan.errorPerSocket()) {
            this.errorAt = random.nextLong(plan.errorWithinBytes());
            this.errorOnRead = random.nextBoolean();
        } else {
            this.errorAt = -1;
            this.errorOnRead = false;
        }
        stats.sockets.incrementAndGet();
    }

    NetSocket delegate() {
        return delegate;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (failed != null) {
            throw failed;
        }
        stats.reads.incrementAndGet();
        int space = dst.remaining();
        if (space == 0) {
            return delegate.read(dst);
        }
        int allowed = space;
        if (errorAt >= 0 && errorOnRead) {
            if (bytesRead >= errorAt) {
                throw fail(InjectedFault.Kind.RESET_ON_READ, bytesRead);
            }
            allowed = (int) Math.min(allowed, errorAt - bytesRead);
        }
        double p = random.nextDouble();
        if (p < plan.zeroRead()) {
            stats.zeroReads.incrementAndGet();
            return 0;
        }
        if (p < plan.zeroRead() + plan.shortRead()) {
            allowed = Math.min(allowed, shortLength(space));
            stats.shortReads.incrementAndGet();
        }
        int limit = dst.limit();
        dst.limit(dst.position() + allowed);
        int r;
        try {
            r = delegate.read(dst);
        } finally {
            dst.limit(limit);
        }
        if (r > 0) {
            bytesRead += r;
        }
        return r;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return (int) write(new ByteBuffer[] {src}, 0, 1);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, srcs.length);
        if (failed != null) {
            throw failed;
        }
        stats.writes.incrementAndGet();
        long offered = 0;
        for (int i = offset; i < offset + length; i++) {
            offered += srcs[i].remaining();
        }
        if (offered == 0) {
            return delegate.write(srcs, offset, length);
        }
        long allowed = offered;
        if (errorAt >= 0 && !errorOnRead) {
            if (bytesWritten >= errorAt) {
                throw fail(InjectedFault.Kind.BROKEN_PIPE_ON_WRITE, bytesWritten);
            }
            allowed = Math.min(allowed, errorAt - bytesWritten);
        }
        double p = random.nextDouble();
        if (p < plan.zeroWrite()) {
            stats.zeroWrites.incrementAndGet();
            return 0;
        }
        if (p < plan.zeroWrite() + plan.shortWrite()) {
            allowed = Math.min(allowed, shortLength((int) Math.min(Integer.MAX_VALUE, offered)));
            stats.shortWrites.incrementAndGet();
        }
        long w = allowed == offered ? delegate.write(srcs, offset, length) : writeAtMost(srcs, offset, length, allowed);
        bytesWritten += w;
        return w;
    }

    /** Writes at most {@code allowed} bytes, buffer by buffer, each through a narrowed limit. */
    private long writeAtMost(ByteBuffer[] srcs, int offset, int length, long allowed) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length && total < allowed; i++) {
            ByteBuffer b = srcs[i];
            int n = (int) Math.min(b.remaining(), allowed - total);
            if (n == 0) {
                continue;
            }
            int limit = b.limit();
            b.limit(b.position() + n);
            int w;
            try {
                w = delegate.write(b);
            } finally {
                b.limit(limit);
            }
            total += w;
            if (w < n) {
                break; // the real send buffer is full
            }
        }
        return total;
    }

    /** 1 up to {@code space} bytes; a share of them 1..16 (the cruellest splits). */
    private int shortLength(int space) {
        if (random.nextDouble() < plan.tiny()) {
            return 1 + random.nextInt(Math.min(space, 16));
        }
        return 1 + random.nextInt(space);
    }

    private InjectedFault fail(InjectedFault.Kind kind, long at) {
        failed = new InjectedFault(kind, "socket #" + index + ' ' + delegate.localAddress() + "->" + remoteAddress(),
                at, plan.seed());
        stats.error(failed);
        return failed;
    }

    /** The error injected into this socket, or {@code null} (loop thread, or after the loop stopped). */
    InjectedFault injected() {
        return failed;
    }

    @Override
    public boolean finishConnect() throws IOException {
        return delegate.finishConnect();
    }

    @Override
    public void shutdownOutput() throws IOException {
        delegate.shutdownOutput();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return delegate.remoteAddress();
    }

    @Override
    public void abort() {
        delegate.abort();
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public InetSocketAddress localAddress() {
        return delegate.localAddress();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        return delegate.unwrap(type);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return "FaultySocket#" + index + '{' + delegate + ", read=" + bytesRead + ", written=" + bytesWritten
                + (errorAt >= 0 ? ", error " + (errorOnRead ? "on read" : "on write") + " at " + errorAt : "")
                + (failed != null ? ", FAILED" : "") + '}';
    }
}
