package dev.loopwork.bench.h2;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * h2 over TLS for {@link H2Framer}: the handshake runs on the blocking channel (before the clock
 * starts), then the channel is switched to non-blocking and frames are encrypted, by gathering
 * {@code wrap} calls straight from the framer's batch, into a 1 MiB direct buffer that is written
 * as the socket takes it. The engine must have negotiated {@code h2} by ALPN.
 */
final class TlsLink implements Link {

    private static final int NET_OUT = 1 << 20;

    private final SSLEngine engine;
    private final SocketChannel ch;
    private final ByteBuffer netOut = ByteBuffer.allocateDirect(NET_OUT);
    private final ByteBuffer netIn;
    private final int maxRecord;

    TlsLink(SSLEngine engine, SocketChannel ch) throws IOException {
        this.engine = engine;
        this.ch = ch;
        this.maxRecord = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocateDirect(Math.max(maxRecord, 64 * 1024) * 2);
        netIn.flip();
        netOut.flip();
        handshake();
        String alpn = engine.getApplicationProtocol();
        if (!"h2".equals(alpn)) {
            throw new IOException("ALPN chose '" + alpn + "', not h2");
        }
        ch.configureBlocking(false);
    }

    private void handshake() throws IOException {
        ByteBuffer empty = ByteBuffer.allocate(0);
        ByteBuffer sink = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        engine.beginHandshake();
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP:
                    netOut.compact();
                    check(engine.wrap(empty, netOut));
                    netOut.flip();
                    while (netOut.hasRemaining()) {
                        ch.write(netOut);
                    }
                    break;
                case NEED_UNWRAP:
                    if (unwrap(sink) < 0) {
                        throw new EOFException("the server closed the connection during the TLS handshake");
                    }
                    break;
                case NEED_TASK:
                    for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
                        task.run();
                    }
                    break;
                default:
                    if (sink.position() > 0) {
                        throw new SSLException("application data during the handshake");
                    }
                    return;
            }
        }
    }

    @Override
    public long write(ByteBuffer[] srcs, int off, int len) throws IOException {
        if (netOut.hasRemaining()) {
            ch.write(netOut);
            if (netOut.hasRemaining()) {
                return 0;
            }
        }
        netOut.clear();
        long taken = 0;
        while (netOut.remaining() >= maxRecord) {
            SSLEngineResult r = engine.wrap(srcs, off, len, netOut);
            check(r);
            if (r.bytesConsumed() == 0) {
                break;
            }
            taken += r.bytesConsumed();
        }
        netOut.flip();
        ch.write(netOut);
        return taken;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int before = dst.position();
        int r = unwrap(dst);
        int produced = dst.position() - before;
        return produced == 0 && r < 0 ? -1 : produced;
    }

    /** Unwraps what netIn holds, reading once from the channel when it holds no whole record. -1: end of stream. */
    private int unwrap(ByteBuffer dst) throws IOException {
        boolean readOnce = false;
        while (true) {
            SSLEngineResult r = engine.unwrap(netIn, dst);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                return 0; // the framer takes what it has first
            }
            check(r);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW
                    || (r.bytesConsumed() == 0 && r.bytesProduced() == 0)) {
                if (readOnce) {
                    return 0;
                }
                netIn.compact();
                int n = ch.read(netIn);
                netIn.flip();
                if (n < 0) {
                    return -1;
                }
                readOnce = true;
                if (n == 0) {
                    return 0;
                }
            } else if (engine.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
                    && engine.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.FINISHED) {
                return 0; // a handshake step (or TLS 1.3 tickets) wants the caller
            }
        }
    }

    @Override
    public boolean pending() {
        return netOut.hasRemaining();
    }

    @Override
    public String scheme() {
        return "https";
    }

    private static void check(SSLEngineResult r) throws SSLException {
        if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
            throw new SSLException("TLS closed by the peer: " + r);
        }
    }
}
