package dev.loopwork.tck;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A TLS client driven by hand: a JDK {@link SSLEngine} over a blocking JDK {@link Socket}, so that a
 * case controls every byte on the wire. It can send what the engine produces one byte per
 * {@code write} (each flushed: one TCP segment each, as {@link TckContext#connect} sets
 * TCP_NODELAY), send FIN without close_notify, start a renegotiation, and tell exactly how the
 * server ended the connection ({@link Ending}).
 *
 * <h2>Records and segments</h2>
 * {@link #write} wraps at most 16 KiB of plaintext per record, as the JDK engine does: a write of
 * 16 KiB is one full-size record. Records are buffered (64 KiB) and go out when the buffer is full,
 * before any read, and on {@link #flush()}, so a batch ends with one socket write holding its last
 * records; in one-byte-at-a-time mode every byte goes out on its own at once.
 *
 * <h2>Bounds</h2>
 * Every read is bounded by the socket's read timeout (the case's await bound). Not thread-safe:
 * one thread drives it.
 */
final class EngineClient implements AutoCloseable {

    /** How the server ended the connection, as seen on the wire. */
    enum End {
        /** close_notify, then the TCP stream ended: a clean TLS end. */
        CLOSE_NOTIFY_THEN_EOF,
        /** close_notify, then a reset instead of FIN. */
        CLOSE_NOTIFY_THEN_RESET,
        /** FIN without close_notify: what a truncation looks like. */
        EOF_WITHOUT_CLOSE_NOTIFY,
        /** A reset without close_notify. */
        RESET,
        /** The engine failed (an alert from the server, a malformed record). */
        TLS_FAILURE,
        /** Bytes arrived after close_notify. */
        DATA_AFTER_CLOSE_NOTIFY
    }

    /**
     * @param end        how it ended
     * @param appBytes   application bytes read (and dropped) while waiting for the end
     * @param handshakes handshakes the engine finished over the connection's life
     * @param detail     the exception behind a reset or a TLS failure, else {@code null}
     */
    record Ending(End end, long appBytes, int handshakes, Exception detail) {
    }

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final int MAX_RECORD_PLAINTEXT = 16 * 1024;

    private final Socket socket;
    private final SSLEngine engine;
    private final boolean oneByteAtATime;
    private final InputStream in;
    private final OutputStream raw;
    private final OutputStream out;
    private final ByteBuffer netOut;
    private ByteBuffer netIn; // read mode: unread ciphertext between position and limit
    private ByteBuffer appIn; // fill mode: decrypted, not yet taken
    private boolean closeNotifyReceived;
    private int handshakes;
    private long segments;

    private EngineClient(Socket socket, SSLEngine engine, boolean oneByteAtATime) throws IOException {
        this.socket = socket;
        this.engine = engine;
        this.oneByteAtATime = oneByteAtATime;
        this.in = socket.getInputStream();
        this.raw = socket.getOutputStream();
        this.out = oneByteAtATime ? raw : new BufferedOutputStream(raw, 64 * 1024);
        SSLSession s = engine.getSession();
        this.netOut = ByteBuffer.allocate(2 * s.getPacketBufferSize());
        this.netIn = ByteBuffer.allocate(2 * s.getPacketBufferSize());
        this.netIn.limit(0);
        this.appIn = ByteBuffer.allocate(2 * s.getApplicationBufferSize());
    }

    /**
     * Connects to {@code server} (a JDK socket of the case: closed at teardown) and sets up a client
     * engine for {@code protocol} that trusts the kit's certificate and verifies the host name.
     */
    static EngineClient open(TckContext ctx, InetSocketAddress server, String protocol, boolean oneByteAtATime)
            throws IOException {
        Socket socket = ctx.connect(server);
        SSLEngine engine = TlsCertificate.newTrustingJdkContext().createSSLEngine(TlsCertificate.HOST, server.getPort());
        engine.setUseClientMode(true);
        SSLParameters p = engine.getSSLParameters();
        p.setProtocols(new String[] {protocol});
        p.setEndpointIdentificationAlgorithm("HTTPS");
        p.setServerNames(List.of(new SNIHostName(TlsCertificate.HOST)));
        engine.setSSLParameters(p);
        return new EngineClient(socket, engine, oneByteAtATime);
    }

    /** Runs the handshake to its end (until the engine has nothing left to do for it). */
    void handshake() throws IOException {
        engine.beginHandshake();
        runHandshake();
        out.flush();
    }

    private void runHandshake() throws IOException {
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> wrapAndSend(EMPTY);
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (!unwrapOnce() && readMore() < 0) {
                        throw new EOFException("the server ended the connection during the TLS handshake (after "
                                + handshakes + " completed handshakes): " + this);
                    }
                }
                default -> {
                    return;
                }
            }
        }
    }

    SSLSession session() {
        return engine.getSession();
    }

    /** Handshakes the engine has finished so far. */
    int handshakes() {
        return handshakes;
    }

    /** Socket writes of one byte so far (one-byte-at-a-time mode). */
    long segments() {
        return segments;
    }

    /** Encrypts and sends {@code b[off .. off+len)}, one record per 16 KiB. */
    void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer src = ByteBuffer.wrap(b, off, len);
        while (src.hasRemaining()) {
            ByteBuffer part = src.slice();
            part.limit(Math.min(part.limit(), MAX_RECORD_PLAINTEXT));
            SSLEngineResult r = wrapAndSend(part);
            if (r.bytesConsumed() == 0) {
                throw new SSLException("the client engine took no application bytes (" + r + "): " + this);
            }
            src.position(src.position() + r.bytesConsumed());
        }
    }

    void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    /** Reads exactly {@code n} application bytes. */
    byte[] readFully(int n) throws IOException {
        byte[] result = new byte[n];
        int got = 0;
        while (got < n) {
            int r = read(result, got, n - got);
            if (r < 0) {
                throw new EOFException("the TLS stream ended (" + (closeNotifyReceived ? "close_notify"
                        : "FIN without close_notify") + ") after " + got + " of " + n + " expected bytes: " + this);
            }
            got += r;
        }
        return result;
    }

    long readLong() throws IOException {
        return ByteBuffer.wrap(readFully(8)).getLong();
    }

    /** Reads application bytes; -1 at close_notify or at the end of the TCP stream. */
    int read(byte[] dst, int off, int len) throws IOException {
        while (appIn.position() == 0) {
            if (closeNotifyReceived) {
                return -1;
            }
            if (!unwrapOnce() && readMore() < 0) {
                return -1;
            }
            followHandshake();
        }
        appIn.flip();
        int n = Math.min(len, appIn.remaining());
        appIn.get(dst, off, n);
        appIn.compact();
        return n;
    }

    /** Serves what the engine asks for between application records (tasks, a renegotiation's flights). */
    private void followHandshake() throws IOException {
        for (int i = 0; i < 100 && !closeNotifyReceived && !engine.isOutboundDone(); i++) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                runTasks();
            } else if (hs == HandshakeStatus.NEED_WRAP) {
                wrapAndSend(EMPTY);
            } else {
                return;
            }
        }
    }

    /**
     * Reads until the server ends the connection and says how; application bytes that still arrive
     * are dropped and counted. A read timeout is thrown, not reported as an ending.
     */
    Ending readEnd() throws IOException {
        long app = 0;
        byte[] sink = new byte[MAX_RECORD_PLAINTEXT];
        try {
            for (int r; (r = read(sink, 0, sink.length)) >= 0; ) {
                app += r;
            }
        } catch (SSLException e) {
            return new Ending(End.TLS_FAILURE, app, handshakes, e);
        } catch (SocketException e) {
            if (Blocking.isReset(e)) {
                return new Ending(closeNotifyReceived ? End.CLOSE_NOTIFY_THEN_RESET : End.RESET, app, handshakes, e);
            }
            throw e;
        }
        if (!closeNotifyReceived) {
            return new Ending(End.EOF_WITHOUT_CLOSE_NOTIFY, app, handshakes, null);
        }
        if (netIn.hasRemaining()) {
            return new Ending(End.DATA_AFTER_CLOSE_NOTIFY, app, handshakes, null);
        }
        try {
            return new Ending(in.read() < 0 ? End.CLOSE_NOTIFY_THEN_EOF : End.DATA_AFTER_CLOSE_NOTIFY, app, handshakes,
                    null);
        } catch (SocketException e) {
            if (Blocking.isReset(e)) {
                return new Ending(End.CLOSE_NOTIFY_THEN_RESET, app, handshakes, e);
            }
            throw e;
        }
    }

    /** Sends what is buffered. */
    void flush() throws IOException {
        out.flush();
    }

    /** Sends close_notify, then FIN. */
    void closeOutput() throws IOException {
        engine.closeOutbound();
        for (int i = 0; i < 10 && !engine.isOutboundDone(); i++) {
            wrapAndSend(EMPTY);
        }
        out.flush();
        socket.shutdownOutput();
    }

    /** Sends what is buffered, then FIN without close_notify: the TLS stream is cut short. */
    void finWithoutCloseNotify() throws IOException {
        out.flush();
        socket.shutdownOutput();
    }

    /** Starts a new handshake on the established connection and sends its first flight (ClientHello). */
    void renegotiate() throws IOException {
        engine.beginHandshake();
        for (int i = 0; i < 10; i++) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                runTasks();
            } else if (hs == HandshakeStatus.NEED_WRAP) {
                wrapAndSend(EMPTY);
            } else {
                break;
            }
        }
        out.flush();
    }

    private boolean unwrapOnce() throws SSLException {
        if (!netIn.hasRemaining()) {
            return false;
        }
        if (appIn.remaining() < engine.getSession().getApplicationBufferSize()) {
            ByteBuffer bigger = ByteBuffer.allocate(appIn.position() + 2 * engine.getSession().getApplicationBufferSize());
            appIn.flip();
            appIn = bigger.put(appIn);
        }
        SSLEngineResult r = engine.unwrap(netIn, appIn);
        count(r);
        return switch (r.getStatus()) {
            case BUFFER_UNDERFLOW -> false;
            case CLOSED -> {
                closeNotifyReceived = true;
                yield true;
            }
            default -> true;
        };
    }

    private int readMore() throws IOException {
        out.flush(); // whatever the server is to answer must have gone out
        netIn.compact();
        if (!netIn.hasRemaining()) {
            netIn.flip();
            ByteBuffer bigger = ByteBuffer.allocate(netIn.capacity() * 2);
            netIn = bigger.put(netIn);
        }
        int n = in.read(netIn.array(), netIn.arrayOffset() + netIn.position(), netIn.remaining());
        if (n > 0) {
            netIn.position(netIn.position() + n);
        }
        netIn.flip();
        return n;
    }

    private SSLEngineResult wrapAndSend(ByteBuffer src) throws IOException {
        netOut.clear();
        SSLEngineResult r = engine.wrap(src, netOut);
        count(r);
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            throw new IllegalStateException("a record did not fit " + netOut.capacity() + " bytes: " + r);
        }
        netOut.flip();
        if (oneByteAtATime) {
            while (netOut.hasRemaining()) {
                raw.write(netOut.get());
                raw.flush();
                segments++;
            }
        } else if (netOut.hasRemaining()) {
            out.write(netOut.array(), netOut.arrayOffset(), netOut.remaining());
        }
        if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
            runTasks();
        }
        return r;
    }

    private void count(SSLEngineResult r) {
        if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
            handshakes++;
        }
    }

    private void runTasks() {
        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
            task.run();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    @Override
    public String toString() {
        return "EngineClient{" + socket.getLocalPort() + "->" + socket.getPort() + ", " + engine.getSession().getProtocol()
                + ", handshakes=" + handshakes + ", closeNotifyReceived=" + closeNotifyReceived + ", segments="
                + segments + (oneByteAtATime ? " (one byte each)" : "") + '}';
    }
}
