package dev.loopwork.http;

import dev.loopwork.http.internal.h2.ByteOut;
import dev.loopwork.http.internal.h2.ErrorCode;
import dev.loopwork.http.internal.h2.H2;
import dev.loopwork.http.internal.h2.HpackDecoder;
import dev.loopwork.http.internal.h2.HpackEncoder;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A raw HTTP/2 client for tests: frames written by hand (so tests can also misbehave on purpose),
 * a reader thread that records what the server sends per stream, and DATA sending that honours the
 * server's windows. Plain (prior knowledge) or TLS with ALPN {@code h2}. Every wait is bounded.
 */
final class H2TestClient implements AutoCloseable {

    static final long WAIT_MS = 60_000;

    /** What the server sent on one stream. */
    static final class StreamEvents {
        int status;
        final List<String> headers = new ArrayList<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean ended;
        int rstCode = -1;
        int interim;
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final HpackEncoder encoder = new HpackEncoder();
    private final HpackDecoder decoder = new HpackDecoder(4096);
    private final Thread readerThread;
    private final Map<Integer, StreamEvents> events = new HashMap<>();
    private final Map<Integer, Long> sendWindows = new HashMap<>();
    private long connSendWindow = H2.DEFAULT_WINDOW;
    private int serverInitialWindow = H2.DEFAULT_WINDOW;
    private int serverMaxFrame = H2.MIN_MAX_FRAME_SIZE;
    private int serverMaxStreams = -1;
    private boolean settingsReceived;
    private boolean settingsAckSent;
    /** Whether the client opens its windows for the response DATA it reads. */
    volatile boolean autoWindow = true;
    int goAwayLastId = -1;
    int goAwayCode = -1;
    String goAwayDebug;
    boolean eof;
    long settingsAcks;
    long pingAcks;
    private int nextStream = 1;

    private H2TestClient(Socket socket, int... settings) throws IOException {
        this.socket = socket;
        socket.setSoTimeout((int) WAIT_MS);
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream(), 65536));
        out.write(H2.PREFACE);
        writeFrame(dev.loopwork.http.internal.h2.Frames.settings(settings));
        readerThread = new Thread(this::readLoop, "h2-test-client-reader");
        readerThread.setDaemon(true);
        readerThread.start();
    }

    /** Prior knowledge over plain TCP. */
    static H2TestClient plain(InetSocketAddress address, int... settings) throws IOException {
        Socket s = new Socket(address.getAddress(), address.getPort());
        s.setTcpNoDelay(true);
        return new H2TestClient(s, settings);
    }

    /** TLS with ALPN h2 (fails if the server does not choose h2). */
    static H2TestClient tls(InetSocketAddress address, SSLContext context, int... settings) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(address.getAddress(), address.getPort());
        SSLParameters p = s.getSSLParameters();
        p.setApplicationProtocols(new String[] {"h2"});
        s.setSSLParameters(p);
        s.setTcpNoDelay(true);
        s.startHandshake();
        if (!"h2".equals(s.getApplicationProtocol())) {
            s.close();
            throw new AssertionError("ALPN chose '" + s.getApplicationProtocol() + "', not h2");
        }
        return new H2TestClient(s, settings);
    }

    static H2TestClient connect(ServerFixture server, TestTls tls, int... settings) throws IOException {
        return server.track(tls == null ? plain(server.address(), settings)
                : tls(server.address(), tls.clientContext(), settings));
    }

    synchronized int newStreamId() {
        int id = nextStream;
        nextStream += 2;
        return id;
    }

    /** Sends a request head; {@code extra} are lower-case name, value pairs. */
    int request(String method, String path, boolean endStream, String... extra) throws IOException {
        int id = newStreamId();
        headers(id, method, path, endStream, extra);
        return id;
    }

    void headers(int id, String method, String path, boolean endStream, String... extra) throws IOException {
        ByteOut b = new ByteOut(128);
        encoder.beginBlock(b);
        encoder.encode(":method", method, b);
        encoder.encode(":scheme", socket instanceof SSLSocket ? "https" : "http", b);
        encoder.encode(":authority", "127.0.0.1", b);
        encoder.encode(":path", path, b);
        for (int i = 0; i < extra.length; i += 2) {
            encoder.encode(extra[i], extra[i + 1], b);
        }
        synchronized (this) {
            events.computeIfAbsent(id, k -> new StreamEvents());
        }
        List<ByteBuffer> frames = new ArrayList<>();
        dev.loopwork.http.internal.h2.Frames.headers(id, b.array(), b.length(), endStream, 16_384, frames);
        // One header block is one piece on the wire (RFC 9113 §6.10): the reader thread's SETTINGS ACK
        // or PING ACK must not land between HEADERS and its CONTINUATION frames (the server rightly
        // answers PROTOCOL_ERROR; that made the 431 case flaky).
        synchronized (out) {
            for (ByteBuffer f : frames) {
                writeFrame(f);
            }
        }
    }

    /** Sends {@code len} bytes as DATA within the server's windows (blocks, bounded, until there is room). */
    void data(int id, byte[] buf, int off, int len, boolean endStream) throws IOException {
        do {
            int n;
            synchronized (this) {
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
                while (len > 0 && (connSendWindow <= 0 || streamWindow(id) <= 0) && !eof && streamOpen(id)) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("no window to send on stream " + id + " for " + WAIT_MS + " ms: "
                                + "connection " + connSendWindow + ", stream " + streamWindow(id));
                    }
                    try {
                        wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(e);
                    }
                }
                if (eof || !streamOpen(id)) {
                    throw new IOException("stream " + id + " closed by the server: " + events.get(id).rstCode);
                }
                n = (int) Math.min(Math.min(len, serverMaxFrame), Math.min(connSendWindow, streamWindow(id)));
                connSendWindow -= n;
                sendWindows.put(id, streamWindow(id) - n);
            }
            boolean last = endStream && n == len;
            ByteBuffer h = dev.loopwork.http.internal.h2.Frames.header(n, H2.DATA, last ? H2.FLAG_END_STREAM : 0, id);
            synchronized (out) {
                out.write(h.array(), 0, h.remaining());
                out.write(buf, off, n);
            }
            off += n;
            len -= n;
        } while (len > 0);
    }

    private long streamWindow(int id) {
        return sendWindows.getOrDefault(id, (long) serverInitialWindow);
    }

    private boolean streamOpen(int id) {
        StreamEvents e = events.get(id);
        return e == null || e.rstCode < 0;
    }

    void frame(int type, int flags, int stream, byte[] payload) throws IOException {
        ByteBuffer h = dev.loopwork.http.internal.h2.Frames.header(payload.length, type, flags, stream);
        synchronized (out) {
            out.write(h.array(), 0, h.remaining());
            out.write(payload);
        }
    }

    void writeFrame(ByteBuffer frame) throws IOException {
        synchronized (out) {
            out.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
        }
    }

    void rst(int stream, ErrorCode code) throws IOException {
        writeFrame(dev.loopwork.http.internal.h2.Frames.rstStream(stream, code));
    }

    /**
     * Waits until {@code condition} (checked under this client's lock) holds, or fails naming
     * {@code what}. Woken by every frame, and every 20 ms for conditions on the server's side.
     */
    synchronized void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("timed out waiting for " + what + "; " + this);
            }
            try {
                wait(Math.max(1, Math.min(20, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Waits at most {@code millis} for {@code condition} (checked under this client's lock); returns whether it holds. */
    synchronized boolean waitUpTo(long millis, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return true;
    }

    /** The code of the RST_STREAM received on {@code id}, or -1; call under {@link #await} or {@link #waitUpTo}. */
    int rstCode(int id) {
        StreamEvents e = events.get(id);
        return e == null ? -1 : e.rstCode;
    }

    /** Waits for the stream's end (END_STREAM or RST_STREAM) and returns what came. */
    StreamEvents awaitEnd(int id) {
        await("the end of stream " + id, () -> {
            StreamEvents e = events.get(id);
            return e != null && (e.ended || e.rstCode >= 0) || eof;
        });
        synchronized (this) {
            return events.get(id);
        }
    }

    /** Waits for the end of a response (ignores a RST_STREAM NO_ERROR that follows it). */
    StreamEvents awaitResponse(int id) {
        StreamEvents e = awaitEnd(id);
        if (!e.ended) {
            throw new AssertionError("stream " + id + " was reset with " + ErrorCode.nameOf(e.rstCode) + " before a response"
                    + (e.rstCode < 0 ? " (no RST_STREAM: the connection ended; GOAWAY " + (goAwayCode < 0 ? "none"
                    : ErrorCode.nameOf(goAwayCode) + " last stream " + goAwayLastId) + ")" : ""));
        }
        return e;
    }

    /** Whether stream {@code id} got an interim (1xx) head or ended; call under {@link #await}. */
    boolean awaitEndOrInterim(int id) {
        StreamEvents e = events.get(id);
        return e != null && (e.interim > 0 || e.ended || e.rstCode >= 0) || eof;
    }

    int awaitRst(int id) {
        await("RST_STREAM on stream " + id, () -> events.get(id) != null && events.get(id).rstCode >= 0 || eof);
        synchronized (this) {
            if (events.get(id).rstCode < 0) {
                throw new AssertionError("connection ended without a RST_STREAM on " + id + "; " + this);
            }
            return events.get(id).rstCode;
        }
    }

    int awaitGoAway() {
        await("GOAWAY", () -> goAwayCode >= 0 || eof);
        synchronized (this) {
            if (goAwayCode < 0) {
                throw new AssertionError("connection ended without GOAWAY");
            }
            return goAwayCode;
        }
    }

    void awaitEof() {
        await("the server closing the connection", () -> eof);
    }

    /**
     * Waits until the server's SETTINGS were acknowledged, so that no ACK written by the reader
     * thread can fall between frames a test writes (inside a header block, say).
     */
    void awaitReady() {
        await("the server's SETTINGS acknowledged", () -> settingsAckSent);
    }

    synchronized int serverMaxStreams() {
        await("the server's SETTINGS", () -> settingsReceived);
        return serverMaxStreams;
    }

    private void readLoop() {
        try {
            while (true) {
                int length = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
                int type = in.readUnsignedByte();
                int flags = in.readUnsignedByte();
                int stream = in.readInt() & Integer.MAX_VALUE;
                byte[] p = new byte[length];
                in.readFully(p);
                onFrame(type, flags, stream, p);
            }
        } catch (EOFException | java.net.SocketException e) {
            // the server closed
        } catch (IOException e) {
            // timeout or reset: treated as the end
        } finally {
            synchronized (this) {
                eof = true;
                notifyAll();
            }
        }
    }

    private void onFrame(int type, int flags, int stream, byte[] p) throws IOException {
        List<ByteBuffer> reply = new ArrayList<>();
        synchronized (this) {
            switch (type) {
                case H2.SETTINGS:
                    if ((flags & H2.FLAG_ACK) != 0) {
                        settingsAcks++;
                        break;
                    }
                    for (int i = 0; i < p.length; i += 6) {
                        int id = (p[i] & 0xFF) << 8 | (p[i + 1] & 0xFF);
                        int v = ByteBuffer.wrap(p, i + 2, 4).getInt();
                        if (id == H2.SETTINGS_INITIAL_WINDOW_SIZE) {
                            int delta = v - serverInitialWindow;
                            serverInitialWindow = v;
                            sendWindows.replaceAll((k, w) -> w + delta);
                        } else if (id == H2.SETTINGS_MAX_FRAME_SIZE) {
                            serverMaxFrame = v;
                        } else if (id == H2.SETTINGS_MAX_CONCURRENT_STREAMS) {
                            serverMaxStreams = v;
                        }
                    }
                    settingsReceived = true;
                    reply.add(dev.loopwork.http.internal.h2.Frames.settingsAck());
                    break;
                case H2.WINDOW_UPDATE: {
                    int inc = ByteBuffer.wrap(p).getInt() & Integer.MAX_VALUE;
                    if (stream == 0) {
                        connSendWindow += inc;
                    } else {
                        sendWindows.put(stream, streamWindow(stream) + inc);
                    }
                    break;
                }
                case H2.PING:
                    if ((flags & H2.FLAG_ACK) != 0) {
                        pingAcks++;
                    }
                    break;
                case H2.HEADERS: {
                    StreamEvents e = events.computeIfAbsent(stream, k -> new StreamEvents());
                    List<String> fields = new ArrayList<>();
                    // The server never sends CONTINUATION for heads this small (asserted by END_HEADERS).
                    if ((flags & H2.FLAG_END_HEADERS) == 0) {
                        throw new IOException("test client: CONTINUATION not expected");
                    }
                    decoder.decode(p, 0, p.length, Long.MAX_VALUE, (n, v) -> fields.add(n + ": " + v));
                    int status = Integer.parseInt(fields.get(0).substring(":status: ".length()));
                    if (status < 200) {
                        e.interim = status;
                    } else {
                        e.status = status;
                        e.headers.addAll(fields);
                    }
                    if ((flags & H2.FLAG_END_STREAM) != 0) {
                        e.ended = true;
                    }
                    break;
                }
                case H2.DATA: {
                    StreamEvents e = events.computeIfAbsent(stream, k -> new StreamEvents());
                    e.body.write(p, 0, p.length);
                    if ((flags & H2.FLAG_END_STREAM) != 0) {
                        e.ended = true;
                    }
                    if (autoWindow && p.length > 0) {
                        reply.add(dev.loopwork.http.internal.h2.Frames.windowUpdate(0, p.length));
                        if (!e.ended) {
                            reply.add(dev.loopwork.http.internal.h2.Frames.windowUpdate(stream, p.length));
                        }
                    }
                    break;
                }
                case H2.RST_STREAM:
                    events.computeIfAbsent(stream, k -> new StreamEvents()).rstCode = ByteBuffer.wrap(p).getInt();
                    break;
                case H2.GOAWAY:
                    goAwayLastId = ByteBuffer.wrap(p).getInt() & Integer.MAX_VALUE;
                    goAwayCode = ByteBuffer.wrap(p, 4, 4).getInt();
                    goAwayDebug = new String(p, 8, p.length - 8, java.nio.charset.StandardCharsets.UTF_8);
                    break;
                default:
                    break;
            }
            notifyAll();
        }
        for (ByteBuffer b : reply) {
            writeFrame(b);
        }
        if (type == H2.SETTINGS && (flags & H2.FLAG_ACK) == 0) {
            synchronized (this) {
                settingsAckSent = true;
                notifyAll();
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            readerThread.join(WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized String toString() {
        return "H2TestClient{connWindow=" + connSendWindow + ", goAway=" + (goAwayCode < 0 ? "none"
                : ErrorCode.nameOf(goAwayCode) + " last=" + goAwayLastId + " '" + goAwayDebug + "'") + (eof ? ", eof" : "")
                + ", streams=" + events.size() + '}';
    }
}
