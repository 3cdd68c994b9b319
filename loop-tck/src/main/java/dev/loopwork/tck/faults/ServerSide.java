package dev.loopwork.tck.faults;

import dev.loopwork.Connection;
import dev.loopwork.ConnectionHandler;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server end of one connection of a fault case: remembers its endpoints, registers itself with
 * the case under the peer's address, and records how it ended ({@code onClosed}: how often, with
 * what cause). Subclasses add the application.
 */
abstract class ServerSide implements ConnectionHandler {

    final CompletableFuture<Optional<Throwable>> closed = new CompletableFuture<>();
    final CompletableFuture<Connection> opened = new CompletableFuture<>();
    final AtomicInteger closedCalls = new AtomicInteger();
    private final FaultCase fc;
    volatile InetSocketAddress local;
    volatile InetSocketAddress remote;

    ServerSide(FaultCase fc) {
        this.fc = fc;
    }

    @Override
    public final void onOpen(Connection c) throws Exception {
        local = c.localAddress();
        remote = c.remoteAddress();
        fc.opened(this);
        open(c);
        opened.complete(c); // after open(): a case may close the connection once this completes

    }

    void open(Connection c) throws Exception {
    }

    @Override
    public void onData(Connection c, ByteBuffer data) throws Exception {
        data.position(data.limit());
    }

    @Override
    public final void onClosed(Connection c, Throwable cause) {
        if (closedCalls.incrementAndGet() > 1) {
            fc.problem("onClosed called " + closedCalls + " times on " + this + " (cause " + cause + ')');
        }
        closed.complete(Optional.ofNullable(cause));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + '{' + local + "<-" + remote + ", onClosed calls=" + closedCalls
                + (closed.isDone() ? ", cause=" + closed.getNow(Optional.empty()).orElse(null) : "") + '}';
    }

    /** Writes back every byte, pausing reading while the write queue is above its high watermark. */
    static final class Echo extends ServerSide {
        private boolean pausedForWrites;
        volatile long echoed;

        Echo(FaultCase fc) {
            super(fc);
        }

        @Override
        public void onData(Connection c, ByteBuffer data) {
            int n = data.remaining();
            ByteBuffer copy = ByteBuffer.allocate(n); // the delivered buffer is only valid during the call
            copy.put(data).flip();
            echoed += n;
            if (!c.write(copy) && !pausedForWrites) {
                pausedForWrites = true;
                c.pauseReading();
            }
        }

        @Override
        public void onWritable(Connection c) {
            if (pausedForWrites) {
                pausedForWrites = false;
                c.resumeReading();
            }
        }

        @Override
        public String toString() {
            return super.toString() + "{echoed=" + echoed + '}';
        }
    }
}
