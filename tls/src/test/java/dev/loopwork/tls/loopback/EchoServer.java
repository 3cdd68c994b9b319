package dev.loopwork.tls.loopback;

import dev.loopwork.Connection;
import dev.loopwork.ConnectionHandler;
import dev.loopwork.tls.TlsSession;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/** Echoes every byte, pausing its reading while its writes are above the high watermark. */
final class EchoServer implements ConnectionHandler {

    final CompletableFuture<TlsSession> session = new CompletableFuture<>();
    final CompletableFuture<Throwable> closed = new CompletableFuture<>();
    volatile long echoed;
    volatile int pauses;

    @Override
    public void onOpen(Connection c) {
        session.complete(TlsSession.of(c).orElse(null));
    }

    @Override
    public void onData(Connection c, ByteBuffer data) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data).flip();
        echoed += copy.remaining();
        if (!c.write(copy)) {
            pauses++;
            c.pauseReading();
        }
    }

    @Override
    public void onWritable(Connection c) {
        c.resumeReading();
    }

    @Override
    public void onClosed(Connection c, Throwable cause) {
        closed.complete(cause);
    }
}
