package dev.loopwork.http.internal.h2;

import dev.loopwork.Cancellable;
import dev.loopwork.ClosedException;
import dev.loopwork.Connection;
import dev.loopwork.ConnectionHandler;
import dev.loopwork.http.BodyConsumer;
import dev.loopwork.http.Http2Settings;
import dev.loopwork.http.HttpException;
import dev.loopwork.http.HttpLimits;
import dev.loopwork.http.HttpTimeouts;
import dev.loopwork.http.RequestAbortedException;
import dev.loopwork.http.RequestHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The HTTP/2 server side of one connection (RFC 9113): reads frames, runs the streams, and writes
 * the responses within the client's windows. The same {@link RequestHandler} API as HTTP/1.1.
 *
 * <h2>Phases</h2>
 * {@code PREFACE} (the client's 24 bytes) → {@code SETTINGS} (its first frame must be SETTINGS) →
 * {@code OPEN} → {@code GOING_AWAY} (GOAWAY NO_ERROR sent on shutdown or idleness: streams in flight
 * finish, new ones are refused) → {@code CLOSING} (the connection is closing; input is dropped) →
 * {@code CLOSED}. A connection error sends GOAWAY with its code and goes to {@code CLOSING} at once.
 *
 * <h2>Flow control</h2>
 * Receiving: see {@link H2Stream} (a paused stream withholds its own WINDOW_UPDATE only; the
 * connection window reopens for bytes consumers took). Sending: response DATA waits for the
 * client's windows; a response that waits longer than {@link Http2Settings#sendStallTimeout()} is
 * reset, so a client that never opens its window cannot pin the server's memory. The connection
 * pauses reading while its own output is above the high watermark (a client that does not read
 * cannot make the server queue PING or SETTINGS answers without end).
 *
 * <h2>Threads and re-entrancy</h2>
 * Frames are read and written on the loop thread only. Responses and {@code BodyControl} calls from
 * other threads queue a request and wake the loop. As in the HTTP/1.1 connection, every entry point
 * is a guarded step: data delivered while a step runs is refused and redelivered after it.
 */
public final class H2Connection implements ConnectionHandler, FrameReader.Listener, H2Response.Sink {

    private static final Logger log = LoggerFactory.getLogger(H2Connection.class);

    enum Phase { PREFACE, SETTINGS, OPEN, GOING_AWAY, CLOSING, CLOSED }

    private interface Step {
        void run() throws Exception;
    }

    private enum Kind { FLUSH, DRAIN, RESET }

    private record Pending(Kind kind, H2Stream stream, ErrorCode code) {
    }

    private final HttpLimits limits;
    private final HttpTimeouts timeouts;
    private final Http2Settings settings;
    private final RequestHandler handler;
    private final String serverName;
    private final FrameReader reader;
    private final HpackDecoder decoder;
    private final HpackEncoder encoder = new HpackEncoder();
    private final FloodGuard flood;
    private final Map<Integer, H2Stream> streams = new HashMap<>();
    private final LinkedHashSet<H2Stream> blocked = new LinkedHashSet<>();
    private final List<ByteBuffer> out = new ArrayList<>();
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean settleScheduled = new AtomicBoolean();
    private final Runnable settleTask = () -> {
        settleScheduled.set(false);
        guarded(() -> { });
    };
    private final long maxHeaderListSize;
    private final int maxHeaderBlock;

    private volatile Connection conn;
    private Phase phase = Phase.PREFACE;
    private int prefaceMatched;
    private int lastClientStreamId;
    private int goAwayLastId = Integer.MAX_VALUE;
    private boolean peerGoAway;
    private long connRecvWindow;
    private int connUnacked;
    private long connSendWindow = H2.DEFAULT_WINDOW;
    private int peerInitialWindow = H2.DEFAULT_WINDOW;
    private int peerMaxFrameSize = H2.MIN_MAX_FRAME_SIZE;
    private int headerStream;
    private boolean headerEndStream;
    private final ByteOut block = new ByteOut(1024);
    private H2Stream dataStream;
    private int busy;
    private long streamsOpened;
    private Cancellable idleTimer;
    private long idleGeneration;
    private Cancellable stallTimer;

    public H2Connection(HttpLimits limits, HttpTimeouts timeouts, Http2Settings settings, RequestHandler handler,
                        String serverName) {
        this.limits = limits;
        this.timeouts = timeouts;
        this.settings = settings;
        this.handler = handler;
        this.serverName = serverName;
        this.reader = new FrameReader(settings.maxFrameSize());
        this.decoder = new HpackDecoder(settings.headerTableSize());
        this.flood = new FloodGuard(settings);
        this.maxHeaderListSize = limits.maxHeadSize();
        // A compressed block is rarely larger than what it decodes to; twice the list limit leaves
        // room for Huffman's worst case and stops a CONTINUATION stream that never ends.
        this.maxHeaderBlock = (int) Math.min(Integer.MAX_VALUE - 8, 2 * maxHeaderListSize + 1024);
        this.connRecvWindow = settings.connectionWindowSize();
    }

    // ---- ConnectionHandler ----

    @Override
    public void onOpen(Connection connection) {
        conn = connection;
        guarded(() -> {
            out.add(Frames.settings(
                    H2.SETTINGS_MAX_CONCURRENT_STREAMS, settings.maxConcurrentStreams(),
                    H2.SETTINGS_INITIAL_WINDOW_SIZE, settings.initialWindowSize(),
                    H2.SETTINGS_MAX_FRAME_SIZE, settings.maxFrameSize(),
                    H2.SETTINGS_MAX_HEADER_LIST_SIZE, (int) Math.min(Integer.MAX_VALUE, maxHeaderListSize),
                    H2.SETTINGS_HEADER_TABLE_SIZE, settings.headerTableSize(),
                    H2.SETTINGS_ENABLE_PUSH, 0));
            int extra = settings.connectionWindowSize() - H2.DEFAULT_WINDOW;
            if (extra > 0) {
                out.add(Frames.windowUpdate(0, extra));
            }
            armIdle();
        });
    }

    @Override
    public void onData(Connection connection, ByteBuffer data) {
        if (busy > 0) {
            connection.pauseReading(); // refused now, redelivered by syncReading() after the outer step
            return;
        }
        guarded(() -> process(data));
    }

    @Override
    public void onWritable(Connection connection) {
        guarded(() -> {
            for (H2Stream s : new ArrayList<>(streams.values())) {
                flushStream(s);
            }
        });
    }

    @Override
    public void onInputShutdown(Connection connection) {
        guarded(() -> {
            abortAll("the client closed the connection");
            close();
        });
    }

    @Override
    public void onShutdown(Connection connection) {
        guarded(() -> goAwayGracefully("the server is shutting down"));
    }

    @Override
    public void onClosed(Connection connection, Throwable cause) {
        phase = Phase.CLOSED;
        cancelTimers();
        for (H2Stream s : new ArrayList<>(streams.values())) {
            abortStream(s, new RequestAbortedException("the connection closed after " + s.bodyReceived
                    + " body bytes, before the request body was complete", cause));
        }
        streams.clear();
        blocked.clear();
        log.debug("{}: closed after {} stream(s)", this, streamsOpened);
    }

    // ---- steps ----

    private void guarded(Step step) {
        busy++;
        try {
            step.run();
            runPending();
        } catch (H2Exception e) {
            if (e.isConnectionError()) {
                connectionError(e);
            } else {
                streamError(e);
            }
        } catch (Throwable t) {
            log.warn("{}: internal failure; closing with INTERNAL_ERROR", this, t);
            connectionError(H2Exception.connection(ErrorCode.INTERNAL_ERROR, "internal server error"));
        } finally {
            flushOut();
            busy--;
        }
        if (busy == 0) {
            syncReading();
        }
    }

    private void runPending() throws Exception {
        Pending p;
        while ((p = pending.poll()) != null) {
            H2Stream s = p.stream();
            if (streams.get(s.id) != s) {
                continue; // retired meanwhile
            }
            switch (p.kind()) {
                case FLUSH:
                    flushStream(s);
                    break;
                case DRAIN:
                    drainHeld(s);
                    break;
                default:
                    resetStream(s, p.code(), false);
                    break;
            }
        }
    }

    private void process(ByteBuffer buf) {
        if (phase == Phase.PREFACE) {
            while (buf.hasRemaining() && prefaceMatched < H2.PREFACE.length) {
                if (buf.get() != H2.PREFACE[prefaceMatched]) {
                    buf.position(buf.limit());
                    throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "the connection does not start with the"
                            + " HTTP/2 client preface");
                }
                prefaceMatched++;
            }
            if (prefaceMatched < H2.PREFACE.length) {
                return;
            }
            phase = Phase.SETTINGS;
        }
        if (phase.compareTo(Phase.CLOSING) >= 0) {
            buf.position(buf.limit());
            return;
        }
        while (true) {
            try {
                reader.read(buf, this, () -> phase.compareTo(Phase.CLOSING) >= 0);
                break;
            } catch (H2Exception e) {
                if (e.isConnectionError()) {
                    throw e;
                }
                streamError(e); // the reader is in step: go on with the next bytes
            }
        }
        if (phase.compareTo(Phase.CLOSING) >= 0) {
            buf.position(buf.limit());
        }
    }

    // ---- frames in ----

    @Override
    public void onDataStart(int streamId, int flags, int length) {
        checkFrameAllowed(H2.DATA);
        if (streamId == 0) {
            throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "DATA on stream 0");
        }
        connRecvWindow -= length;
        if (connRecvWindow < 0) {
            throw H2Exception.connection(ErrorCode.FLOW_CONTROL_ERROR, "DATA of " + length
                    + " bytes beyond the connection window");
        }
        if (length == 0 && (flags & H2.FLAG_END_STREAM) == 0) {
            flood.count(FloodGuard.Kind.EMPTY);
        }
        // Bytes of a frame that reaches no consumer (closed or reset stream, answered body) are
        // credited back to the connection window as they are dropped, in onData and onDataEnd.
        dataStream = null;
        H2Stream s = streams.get(streamId);
        if (s == null) {
            if (streamId > lastClientStreamId || (streamId & 1) == 0) {
                throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "DATA on idle stream " + streamId);
            }
            return;
        }
        if (s.reset) {
            return;
        }
        if (s.endReceived) {
            throw H2Exception.stream(streamId, ErrorCode.STREAM_CLOSED, "DATA after END_STREAM");
        }
        s.recvWindow -= length;
        if (s.recvWindow < 0) {
            throw H2Exception.stream(streamId, ErrorCode.FLOW_CONTROL_ERROR, "DATA of " + length
                    + " bytes beyond the stream window");
        }
        dataStream = s;
    }

    @Override
    public void onData(int streamId, ByteBuffer data) {
        H2Stream s = dataStream;
        int n = data.remaining();
        if (s == null || s.reset || s.consumerDone) {
            data.position(data.limit());
            consumed(null, n);
            return;
        }
        s.arrived += n;
        try {
            if (s.declaredLength >= 0 && s.arrived > s.declaredLength) {
                throw H2Exception.stream(s.id, ErrorCode.PROTOCOL_ERROR, "more DATA than the content-length "
                        + s.declaredLength);
            }
            if (s.arrived > limits.maxBodySize()) {
                throw new HttpException(413, "request body larger than " + limits.maxBodySize() + " bytes");
            }
            if (s.hasHeld() || s.paused) {
                s.hold(data);
                return;
            }
            int used = s.deliver(data);
            consumed(s, used);
            if (data.hasRemaining()) {
                s.hold(data);
            }
        } catch (H2Exception e) {
            consumed(null, data.remaining());
            data.position(data.limit());
            throw e;
        } catch (Throwable t) {
            int left = data.remaining();
            data.position(data.limit());
            failStream(s, t);
            consumed(null, left);
        }
    }

    @Override
    public void onDataEnd(int streamId, int flags, int padding) {
        H2Stream s = dataStream;
        dataStream = null;
        if (padding > 0) {
            consumed(s != null && !s.reset ? s : null, padding);
        }
        if (s == null || s.reset || (flags & H2.FLAG_END_STREAM) == 0) {
            return;
        }
        endOfRequest(s);
    }

    @Override
    public void onFrame(int type, int flags, int streamId, byte[] p, int length) {
        checkFrameAllowed(type);
        switch (type) {
            case H2.HEADERS:
                headers(flags, streamId, p, length);
                break;
            case H2.CONTINUATION:
                if (headerStream == 0 || streamId != headerStream) {
                    throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "CONTINUATION on stream " + streamId
                            + " without a HEADERS frame before it");
                }
                if (length == 0 && (flags & H2.FLAG_END_HEADERS) == 0) {
                    flood.count(FloodGuard.Kind.EMPTY);
                }
                appendBlock(p, 0, length);
                if ((flags & H2.FLAG_END_HEADERS) != 0) {
                    headersComplete();
                }
                break;
            case H2.SETTINGS:
                settings(flags, streamId, p, length);
                break;
            case H2.PING:
                if (streamId != 0) {
                    throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "PING on stream " + streamId);
                }
                if (length != 8) {
                    throw H2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, "PING of " + length + " bytes");
                }
                flood.count(FloodGuard.Kind.CONTROL);
                if ((flags & H2.FLAG_ACK) == 0) {
                    out.add(Frames.ping(true, java.util.Arrays.copyOf(p, 8)));
                }
                break;
            case H2.WINDOW_UPDATE:
                windowUpdate(streamId, p, length);
                break;
            case H2.RST_STREAM:
                rstStream(streamId, p, length);
                break;
            case H2.PRIORITY:
                if (streamId == 0) {
                    throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "PRIORITY on stream 0");
                }
                flood.count(FloodGuard.Kind.CONTROL);
                if (length != 5) {
                    throw H2Exception.stream(streamId, ErrorCode.FRAME_SIZE_ERROR, "PRIORITY of " + length + " bytes");
                }
                break;
            case H2.GOAWAY:
                if (streamId != 0) {
                    throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "GOAWAY on stream " + streamId);
                }
                if (length < 8) {
                    throw H2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, "GOAWAY of " + length + " bytes");
                }
                peerGoAway = true;
                log.debug("{}: the client sent GOAWAY {}", this, ErrorCode.nameOf(readInt(p, 4) & 0xFFFFFFFFL));
                closeIfDone();
                break;
            case H2.PUSH_PROMISE:
                throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "PUSH_PROMISE from a client");
            default:
                break; // unknown frame types are ignored (RFC 9113 §4.1)
        }
    }

    private void checkFrameAllowed(int type) {
        if (headerStream != 0 && type != H2.CONTINUATION) {
            throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, H2.typeName(type) + " while the header block of stream "
                    + headerStream + " waits for CONTINUATION");
        }
        if (phase == Phase.SETTINGS && type != H2.SETTINGS) {
            throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "the client's first frame was " + H2.typeName(type)
                    + ", not SETTINGS");
        }
    }

    private void headers(int flags, int streamId, byte[] p, int length) {
        if (streamId == 0) {
            throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "HEADERS on stream 0");
        }
        int off = 0;
        int pad = 0;
        if ((flags & H2.FLAG_PADDED) != 0) {
            if (length < 1) {
                throw H2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, "padded HEADERS without a pad length");
            }
            pad = p[0] & 0xFF;
            off = 1;
        }
        if ((flags & H2.FLAG_PRIORITY) != 0) {
            off += 5;
        }
        int fragment = length - off - pad;
        if (fragment < 0) {
            throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "HEADERS padding and priority exceed the frame");
        }
        if (fragment == 0 && (flags & H2.FLAG_END_HEADERS) == 0) {
            flood.count(FloodGuard.Kind.EMPTY);
        }
        block.reset();
        headerStream = streamId;
        headerEndStream = (flags & H2.FLAG_END_STREAM) != 0;
        appendBlock(p, off, fragment);
        if ((flags & H2.FLAG_END_HEADERS) != 0) {
            headersComplete();
        }
    }

    private void appendBlock(byte[] p, int off, int n) {
        if (block.length() + n > maxHeaderBlock) {
            throw H2Exception.connection(ErrorCode.ENHANCE_YOUR_CALM, "header block of stream " + headerStream
                    + " over " + maxHeaderBlock + " compressed bytes");
        }
        block.put(p, off, n);
    }

    private void headersComplete() {
        int id = headerStream;
        boolean endStream = headerEndStream;
        headerStream = 0;
        H2Stream s = streams.get(id);
        boolean isNew = s == null && id > lastClientStreamId;
        HeaderBlock hb = new HeaderBlock(!isNew);
        long size = decoder.decode(block.array(), 0, block.length(), maxHeaderListSize, hb);
        block.reset();
        if (!isNew) {
            trailers(id, s, hb, size, endStream);
            return;
        }
        if ((id & 1) == 0) {
            throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "a client stream with even id " + id);
        }
        lastClientStreamId = id;
        if (id > goAwayLastId || phase.compareTo(Phase.GOING_AWAY) >= 0) {
            out.add(Frames.rstStream(id, ErrorCode.REFUSED_STREAM)); // after GOAWAY: the client may retry elsewhere
            return;
        }
        if (streams.size() >= settings.maxConcurrentStreams()) {
            flood.count(FloodGuard.Kind.RESET);
            log.debug("{}: stream {} refused: {} streams open", this, id, streams.size());
            out.add(Frames.rstStream(id, ErrorCode.REFUSED_STREAM));
            return;
        }
        openStream(id, hb, size, endStream);
    }

    private void openStream(int id, HeaderBlock hb, long size, boolean endStream) {
        H2Stream s = new H2Stream(this, id, settings.initialWindowSize(), peerInitialWindow);
        streams.put(id, s);
        streamsOpened++;
        disarmIdle();
        s.response = new H2Response(s, "HEAD".equals(hb.method), serverName);
        if (endStream) {
            s.endReceived = true;
            s.state = H2Stream.State.HALF_CLOSED_REMOTE;
        }
        if (size > maxHeaderListSize) {
            refuse(s, 431, "header list of " + size + " bytes exceeds " + maxHeaderListSize);
            return;
        }
        hb.checkRequest();
        long cl = hb.contentLength();
        if (hb.malformed == null && endStream && cl > 0) {
            hb.malformed = "content-length " + cl + " but HEADERS ended the stream";
        }
        if (hb.malformed != null) {
            log.debug("{}: stream {} malformed: {}", this, id, hb.malformed);
            resetStream(s, ErrorCode.PROTOCOL_ERROR, true);
            return;
        }
        s.declaredLength = endStream ? 0 : cl;
        s.request = new H2Request(hb, endStream ? 0 : cl, limits, conn);
        if (hb.path.length() > limits.maxUriLength()) {
            refuse(s, 414, ":path of " + hb.path.length() + " bytes exceeds " + limits.maxUriLength());
            return;
        }
        if (s.request.headers().size() > limits.maxHeaderCount()) {
            refuse(s, 431, s.request.headers().size() + " header fields exceed " + limits.maxHeaderCount());
            return;
        }
        if (cl > limits.maxBodySize()) {
            refuse(s, 413, "content-length " + cl + " exceeds " + limits.maxBodySize());
            return;
        }
        log.trace("{}: stream {}: {}", this, id, s.request);
        BodyConsumer c;
        try {
            c = handler.onRequest(s.request, s.response);
        } catch (Throwable t) {
            failStream(s, t);
            return;
        }
        if (s.reset || streams.get(id) != s) {
            return;
        }
        s.consumer = c != null ? c : BodyConsumer.discard();
        if (endStream) {
            maybeComplete(s);
        } else if (s.request.expectsContinue() && c != null) {
            s.response.sendContinue();
        }
        flushStream(s);
    }

    /** Answers {@code status} before the handler ran; the body, if any, is dropped as it comes. */
    private void refuse(H2Stream s, int status, String message) {
        log.debug("{}: stream {}: answering {}: {}", this, s.id, status, message);
        s.consumerDone = true;
        s.response.answerError(status, message);
        flushStream(s);
    }

    private void trailers(int id, H2Stream s, HeaderBlock hb, long size, boolean endStream) {
        if (s == null) {
            return; // a stream this server closed: the block was decoded to keep HPACK in step
        }
        if (s.reset) {
            return;
        }
        if (s.endReceived) {
            throw H2Exception.stream(id, ErrorCode.STREAM_CLOSED, "HEADERS after END_STREAM");
        }
        if (!endStream) {
            throw H2Exception.stream(id, ErrorCode.PROTOCOL_ERROR, "trailers without END_STREAM");
        }
        if (size > maxHeaderListSize) {
            failStream(s, new HttpException(431, "trailers of " + size + " bytes exceed " + maxHeaderListSize));
            return;
        }
        if (hb.malformed != null) {
            throw H2Exception.stream(id, ErrorCode.PROTOCOL_ERROR, hb.malformed);
        }
        if (s.request != null) {
            s.request.trailers(hb.fields);
        }
        endOfRequest(s);
    }

    private void endOfRequest(H2Stream s) {
        s.endReceived = true;
        s.state = s.state == H2Stream.State.HALF_CLOSED_LOCAL ? H2Stream.State.CLOSED : H2Stream.State.HALF_CLOSED_REMOTE;
        if (!s.consumerDone && s.declaredLength >= 0 && s.arrived != s.declaredLength) {
            throw H2Exception.stream(s.id, ErrorCode.PROTOCOL_ERROR, "END_STREAM after " + s.arrived
                    + " body bytes, content-length " + s.declaredLength);
        }
        maybeComplete(s);
    }

    private void settings(int flags, int streamId, byte[] p, int length) {
        if (streamId != 0) {
            throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "SETTINGS on stream " + streamId);
        }
        if ((flags & H2.FLAG_ACK) != 0) {
            if (length != 0) {
                throw H2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, "SETTINGS ACK with a payload");
            }
            return;
        }
        if (length % 6 != 0) {
            throw H2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, "SETTINGS of " + length + " bytes");
        }
        flood.count(FloodGuard.Kind.CONTROL);
        for (int i = 0; i < length; i += 6) {
            int id = (p[i] & 0xFF) << 8 | (p[i + 1] & 0xFF);
            long value = readInt(p, i + 2) & 0xFFFFFFFFL;
            switch (id) {
                case H2.SETTINGS_HEADER_TABLE_SIZE:
                    encoder.peerTableSizeChanged();
                    break;
                case H2.SETTINGS_ENABLE_PUSH:
                    if (value > 1) {
                        throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "SETTINGS_ENABLE_PUSH " + value);
                    }
                    break;
                case H2.SETTINGS_INITIAL_WINDOW_SIZE: {
                    if (value > H2.MAX_WINDOW) {
                        throw H2Exception.connection(ErrorCode.FLOW_CONTROL_ERROR, "SETTINGS_INITIAL_WINDOW_SIZE " + value);
                    }
                    long delta = value - peerInitialWindow;
                    peerInitialWindow = (int) value;
                    for (H2Stream s : streams.values()) {
                        s.sendWindow += delta;
                        if (s.sendWindow > H2.MAX_WINDOW) {
                            throw H2Exception.connection(ErrorCode.FLOW_CONTROL_ERROR, "stream " + s.id
                                    + " window over 2^31-1 after SETTINGS_INITIAL_WINDOW_SIZE");
                        }
                    }
                    break;
                }
                case H2.SETTINGS_MAX_FRAME_SIZE:
                    if (value < H2.MIN_MAX_FRAME_SIZE || value > H2.MAX_MAX_FRAME_SIZE) {
                        throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "SETTINGS_MAX_FRAME_SIZE " + value);
                    }
                    peerMaxFrameSize = (int) value;
                    break;
                default:
                    break; // MAX_CONCURRENT_STREAMS (the server opens none), MAX_HEADER_LIST_SIZE, unknown
            }
        }
        out.add(Frames.settingsAck());
        if (phase == Phase.SETTINGS) {
            phase = Phase.OPEN;
        }
        for (H2Stream s : new ArrayList<>(streams.values())) {
            flushStream(s);
        }
    }

    private void windowUpdate(int streamId, byte[] p, int length) {
        if (length != 4) {
            throw H2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, "WINDOW_UPDATE of " + length + " bytes");
        }
        int increment = readInt(p, 0) & Integer.MAX_VALUE;
        if (streamId == 0) {
            if (increment == 0) {
                throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE of 0 on the connection");
            }
            connSendWindow += increment;
            if (connSendWindow > H2.MAX_WINDOW) {
                throw H2Exception.connection(ErrorCode.FLOW_CONTROL_ERROR, "connection window over 2^31-1");
            }
            for (H2Stream s : new ArrayList<>(blocked)) {
                flushStream(s);
            }
            return;
        }
        H2Stream s = streams.get(streamId);
        if (s == null) {
            if (streamId > lastClientStreamId) {
                throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE on idle stream " + streamId);
            }
            return;
        }
        if (increment == 0) {
            throw H2Exception.stream(streamId, ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE of 0");
        }
        s.sendWindow += increment;
        if (s.sendWindow > H2.MAX_WINDOW) {
            throw H2Exception.stream(streamId, ErrorCode.FLOW_CONTROL_ERROR, "stream window over 2^31-1");
        }
        flushStream(s);
    }

    private void rstStream(int streamId, byte[] p, int length) {
        if (length != 4) {
            throw H2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, "RST_STREAM of " + length + " bytes");
        }
        if (streamId == 0 || streamId > lastClientStreamId) {
            throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "RST_STREAM on " + (streamId == 0 ? "stream 0"
                    : "idle stream " + streamId));
        }
        flood.count(FloodGuard.Kind.RESET);
        H2Stream s = streams.get(streamId);
        if (s == null || s.reset) {
            return;
        }
        String code = ErrorCode.nameOf(readInt(p, 0) & 0xFFFFFFFFL);
        log.debug("{}: the client reset stream {} ({})", this, streamId, code);
        s.reset = true;
        abortStream(s, new RequestAbortedException("the client reset the stream (" + code + ") after "
                + s.bodyReceived + " body bytes"));
        retire(s);
    }

    // ---- stream life ----

    /** Credits {@code n} consumed bytes to the connection window, and to {@code s}'s if it still receives. */
    private void consumed(H2Stream s, int n) {
        if (n <= 0) {
            return;
        }
        connUnacked += n;
        if (connUnacked >= settings.connectionWindowSize() / 2) {
            out.add(Frames.windowUpdate(0, connUnacked));
            connRecvWindow += connUnacked;
            connUnacked = 0;
        }
        if (s != null && !s.endReceived && !s.reset) {
            s.unacked += n;
            if (s.unacked >= settings.initialWindowSize() / 2) {
                out.add(Frames.windowUpdate(s.id, s.unacked));
                s.recvWindow += s.unacked;
                s.unacked = 0;
            }
        }
    }

    /** After resume(): hands the held bytes to the consumer and reopens the windows for them. */
    private void drainHeld(H2Stream s) {
        if (s.reset || s.consumerDone) {
            return;
        }
        try {
            int used = s.deliverHeld();
            consumed(s, used);
            maybeComplete(s);
        } catch (Throwable t) {
            failStream(s, t);
        }
    }

    private void maybeComplete(H2Stream s) {
        if (!s.endReceived || s.hasHeld() || s.consumerDone || s.reset || s.paused) {
            return;
        }
        s.consumerDone = true;
        try {
            s.consumer.onComplete();
        } catch (Throwable t) {
            s.consumerDone = false;
            failStream(s, t);
            return;
        }
        flushStream(s);
    }

    /** The request failed: the consumer hears why, the client gets an error answer if none was sent. */
    private void failStream(H2Stream s, Throwable t) {
        int status;
        String message;
        if (t instanceof HttpException) {
            status = ((HttpException) t).status();
            message = t.getMessage();
            log.debug("{}: stream {}: answering {}: {}", this, s.id, status, message);
        } else if (t instanceof RequestAbortedException) {
            status = 400;
            message = t.getMessage();
            log.debug("{}: stream {}: answering 400: {}", this, s.id, message);
        } else {
            status = 500;
            message = "internal server error";
            log.warn("{}: stream {} failed; answering 500", this, s.id, t);
        }
        abortStream(s, t);
        consumed(null, s.dropHeld());
        if (!s.response.answerError(status, message) && !s.response.endSent()) {
            resetStream(s, ErrorCode.INTERNAL_ERROR, false); // a response was under way: cut it
            return;
        }
        flushStream(s);
    }

    /** Tells the consumer (once) that its body will not complete. */
    private void abortStream(H2Stream s, Throwable cause) {
        s.active = false;
        if (!s.consumerDone && s.consumer != null) {
            s.consumerDone = true;
            try {
                s.consumer.onError(cause);
            } catch (Throwable x) {
                log.warn("{}: {}.onError threw", this, s.consumer, x);
            }
        }
        s.consumerDone = true;
        consumed(null, s.dropHeld());
        if (s.reset) {
            s.response.cancel();
        }
    }

    /** Sends RST_STREAM and ends the stream here. {@code clientFault}: counted against the reset limit. */
    private void resetStream(H2Stream s, ErrorCode code, boolean clientFault) {
        if (s.reset) {
            return;
        }
        out.add(Frames.rstStream(s.id, code));
        s.reset = true;
        abortStream(s, new RequestAbortedException("the server reset stream " + s.id + " with " + code));
        retire(s);
        if (clientFault) {
            flood.count(FloodGuard.Kind.RESET);
        }
    }

    private void streamError(H2Exception e) {
        log.debug("{}: {}", this, e.toString());
        H2Stream s = streams.get(e.streamId());
        if (s != null) {
            resetStream(s, e.code(), true);
        } else {
            out.add(Frames.rstStream(e.streamId(), e.code()));
            flood.count(FloodGuard.Kind.RESET);
        }
    }

    /** Sends the stream's queued output as the windows allow; retires the stream when both sides are done. */
    private void flushStream(H2Stream s) {
        if (s.reset || streams.get(s.id) != s || phase.compareTo(Phase.CLOSING) >= 0) {
            return;
        }
        long sentBefore = s.sentBytes;
        boolean waiting = s.response.drain(this);
        if (waiting) {
            if (s.blockedSince == 0 || s.sentBytes != sentBefore) {
                s.blockedSince = System.nanoTime();
            }
            blocked.add(s);
            armStall();
        } else {
            s.blockedSince = 0;
            blocked.remove(s);
        }
        if (conn.isWritable()) {
            Runnable action = s.response.takeWritableAction();
            if (action != null) {
                try {
                    action.run();
                } catch (Throwable t) {
                    failStream(s, t);
                    return;
                }
            }
        }
        if (s.response.endSent()) {
            responseEnded(s);
        }
    }

    private void responseEnded(H2Stream s) {
        if (s.reset || streams.get(s.id) != s) {
            return;
        }
        if (!s.endReceived || !s.consumerDone) {
            // RFC 9113 §8.1: a complete response before the whole request; RST_STREAM NO_ERROR asks
            // the client to stop sending the body.
            out.add(Frames.rstStream(s.id, ErrorCode.NO_ERROR));
            s.reset = true;
            abortStream(s, new RequestAbortedException("the response completed after " + s.bodyReceived
                    + " body bytes; the rest of the request body is discarded"));
        }
        retire(s);
    }

    private void retire(H2Stream s) {
        if (streams.get(s.id) != s) {
            return;
        }
        streams.remove(s.id);
        blocked.remove(s);
        s.active = false;
        s.state = H2Stream.State.CLOSED;
        if (dataStream == s) {
            dataStream = null;
        }
        closeIfDone();
        if (streams.isEmpty() && phase.compareTo(Phase.GOING_AWAY) < 0) {
            armIdle();
        }
    }

    private void closeIfDone() {
        if (streams.isEmpty() && (phase == Phase.GOING_AWAY || peerGoAway)) {
            close();
        }
    }

    private void abortAll(String why) {
        for (H2Stream s : new ArrayList<>(streams.values())) {
            s.reset = true;
            abortStream(s, new RequestAbortedException(why + " after " + s.bodyReceived + " body bytes of stream " + s.id));
        }
        streams.clear();
        blocked.clear();
    }

    // ---- frames out ----

    @Override
    public void headers(H2Stream s, H2Response.Head head) {
        ByteOut b = new ByteOut(128);
        encoder.beginBlock(b);
        encoder.encode(":status", Integer.toString(head.status()), b);
        List<String> f = head.fields();
        for (int i = 0; i < f.size(); i += 2) {
            encoder.encode(f.get(i), f.get(i + 1), b);
        }
        Frames.headers(s.id, b.array(), b.length(), head.endStream(), peerMaxFrameSize, out);
    }

    @Override
    public int allowance(H2Stream s) {
        return (int) Math.min(Math.min(connSendWindow, s.sendWindow), peerMaxFrameSize);
    }

    @Override
    public void data(H2Stream s, ByteBuffer payload, boolean endStream) {
        int n = payload.remaining();
        out.add(Frames.header(n, H2.DATA, endStream ? H2.FLAG_END_STREAM : 0, s.id));
        if (n > 0) {
            out.add(payload);
        }
        connSendWindow -= n;
        s.sendWindow -= n;
        s.sentBytes += n;
    }

    private void flushOut() {
        if (out.isEmpty()) {
            return;
        }
        ByteBuffer[] batch = out.toArray(new ByteBuffer[0]);
        out.clear();
        Connection c = conn;
        if (c == null || phase == Phase.CLOSED) {
            return;
        }
        try {
            c.write(batch);
        } catch (ClosedException e) {
            log.debug("{}: output already shut; {} frame buffers dropped", this, batch.length);
        }
    }

    private void syncReading() {
        Connection c = conn;
        if (c == null || phase.compareTo(Phase.CLOSING) >= 0) {
            return;
        }
        if (!c.isWritable()) {
            c.pauseReading(); // the client does not read what it asks for: stop reading what it asks
        } else if (c.isReadingPaused()) {
            c.resumeReading();
        }
    }

    // ---- closing ----

    private void connectionError(H2Exception e) {
        if (phase.compareTo(Phase.CLOSING) >= 0) {
            log.debug("{}: {} after the connection started closing", this, e.toString());
            return;
        }
        log.debug("{}: {}; GOAWAY", this, e.toString());
        headerStream = 0;
        out.add(Frames.goAway(lastClientStreamId, e.code(), e.getMessage()));
        abortAll("connection error " + e.code() + ": " + e.getMessage());
        close();
    }

    private void goAwayGracefully(String why) {
        if (phase.compareTo(Phase.GOING_AWAY) >= 0) {
            return;
        }
        log.debug("{}: GOAWAY NO_ERROR: {}", this, why);
        goAwayLastId = lastClientStreamId;
        out.add(Frames.goAway(goAwayLastId, ErrorCode.NO_ERROR, why));
        phase = Phase.GOING_AWAY;
        closeIfDone();
    }

    private void close() {
        if (phase.compareTo(Phase.CLOSING) >= 0) {
            return;
        }
        phase = Phase.CLOSING;
        cancelTimers();
        flushOut();
        conn.close();
    }

    // ---- timers ----

    private void armIdle() {
        disarmIdle();
        long g = ++idleGeneration;
        try {
            idleTimer = conn.loop().schedule(() -> guarded(() -> {
                if (g == idleGeneration && streams.isEmpty()) {
                    if (phase == Phase.PREFACE || phase == Phase.SETTINGS) {
                        close();
                    } else {
                        goAwayGracefully("idle for " + timeouts.idle());
                    }
                }
            }), timeouts.idle().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            idleTimer = null;
        }
    }

    private void disarmIdle() {
        idleGeneration++;
        if (idleTimer != null) {
            idleTimer.cancel();
            idleTimer = null;
        }
    }

    private void armStall() {
        if (stallTimer != null) {
            return;
        }
        long nanos = settings.sendStallTimeout().toNanos();
        try {
            stallTimer = conn.loop().schedule(() -> guarded(() -> {
                stallTimer = null;
                long now = System.nanoTime();
                for (H2Stream s : new ArrayList<>(blocked)) {
                    if (s.blockedSince != 0 && now - s.blockedSince >= nanos) {
                        log.debug("{}: stream {} could not send for {}: the client keeps its window closed", this, s.id,
                                settings.sendStallTimeout());
                        resetStream(s, ErrorCode.CANCEL, false);
                    }
                }
                if (!blocked.isEmpty()) {
                    armStall();
                }
            }), nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            stallTimer = null;
        }
    }

    private void cancelTimers() {
        disarmIdle();
        if (stallTimer != null) {
            stallTimer.cancel();
            stallTimer = null;
        }
    }

    // ---- called from any thread ----

    void requestFlush(H2Stream s) {
        request(new Pending(Kind.FLUSH, s, null));
    }

    void requestDrain(H2Stream s) {
        request(new Pending(Kind.DRAIN, s, null));
    }

    void requestReset(H2Stream s, ErrorCode code) {
        request(new Pending(Kind.RESET, s, code));
    }

    private void request(Pending p) {
        Connection c = conn;
        if (c == null) {
            return;
        }
        pending.add(p);
        if (c.loop().inLoop()) {
            if (busy == 0) {
                guarded(() -> { });
            }
            // else: the step in progress runs it before it ends
        } else if (settleScheduled.compareAndSet(false, true)) {
            try {
                c.loop().execute(settleTask);
            } catch (RejectedExecutionException x) {
                log.debug("{}: loop stopped; {} dropped", this, p.kind());
            }
        }
    }

    boolean isWritable() {
        Connection c = conn;
        return c != null && c.isWritable();
    }

    private static int readInt(byte[] p, int off) {
        return (p[off] & 0xFF) << 24 | (p[off + 1] & 0xFF) << 16 | (p[off + 2] & 0xFF) << 8 | (p[off + 3] & 0xFF);
    }

    @Override
    public String toString() {
        return "H2Connection{" + (conn == null ? "-" : "#" + conn.id()) + ", " + phase + ", streams=" + streams.size()
                + ", opened=" + streamsOpened + ", last=" + lastClientStreamId + ", recvWindow=" + connRecvWindow
                + ", sendWindow=" + connSendWindow + ", " + flood + '}';
    }
}
