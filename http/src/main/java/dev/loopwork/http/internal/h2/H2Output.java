package dev.loopwork.http.internal.h2;

import dev.loopwork.http.Http2Settings;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The output side of one connection: the frames queued during a step (written as one batch when
 * the step ends), the HPACK encoder, and the flow-control windows in both directions, with the
 * client's settings that shape what may be sent (initial stream window, maximum frame size).
 *
 * <p>Receive side: the connection window shrinks as DATA arrives ({@link #received}) and reopens,
 * by WINDOW_UPDATE, only for bytes the consumers took or that were dropped ({@link #consumed}), in
 * steps of half the configured window (fewer frames for the same throughput). Send side: response
 * DATA goes out only within the smaller of the connection and the stream window ({@link #allowance}).
 * Loop thread only.
 */
final class H2Output implements H2Response.Sink {

    private final Http2Settings settings;
    private final HpackEncoder encoder = new HpackEncoder();
    private final List<ByteBuffer> out = new ArrayList<>();
    private long connRecvWindow;
    private int connUnacked;
    private long connSendWindow = H2.DEFAULT_WINDOW;
    private int peerInitialWindow = H2.DEFAULT_WINDOW;
    private int peerMaxFrameSize = H2.MIN_MAX_FRAME_SIZE;

    H2Output(Http2Settings settings) {
        this.settings = settings;
        this.connRecvWindow = settings.connectionWindowSize();
    }

    /** The server's SETTINGS, and the connection window beyond the default (RFC 9113 §3.4, §6.9.2). */
    void serverPreface(long maxHeaderListSize) {
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
    }

    /** Queues a frame (or part of one) for the end of the step. */
    void frame(ByteBuffer f) {
        out.add(f);
    }

    /** The frames queued since the last call, or null if none. */
    ByteBuffer[] take() {
        if (out.isEmpty()) {
            return null;
        }
        ByteBuffer[] batch = out.toArray(new ByteBuffer[0]);
        out.clear();
        return batch;
    }

    // ---- receive window ----

    /** A DATA frame of {@code length} bytes arrived: takes them from the connection window. */
    void received(int length) {
        connRecvWindow -= length;
        if (connRecvWindow < 0) {
            throw H2Exception.connection(ErrorCode.FLOW_CONTROL_ERROR, "DATA of " + length
                    + " bytes beyond the connection window");
        }
    }

    /** The bytes all streams of the client may still send (the connection window as the client sees it). */
    long connectionRecvWindow() {
        return connRecvWindow;
    }

    /** Credits {@code n} consumed bytes to the connection window, and to {@code s}'s if it still receives. */
    void consumed(H2Stream s, int n) {
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

    // ---- send window and the client's settings ----

    /** WINDOW_UPDATE on stream 0. */
    void connectionWindowUpdate(int increment) {
        connSendWindow += increment;
        if (connSendWindow > H2.MAX_WINDOW) {
            throw H2Exception.connection(ErrorCode.FLOW_CONTROL_ERROR, "connection window over 2^31-1");
        }
    }

    int peerInitialWindow() {
        return peerInitialWindow;
    }

    /** SETTINGS_INITIAL_WINDOW_SIZE: moves every live stream's send window by the difference (§6.9.2). */
    void peerInitialWindow(long value, Iterable<H2Stream> live) {
        if (value > H2.MAX_WINDOW) {
            throw H2Exception.connection(ErrorCode.FLOW_CONTROL_ERROR, "SETTINGS_INITIAL_WINDOW_SIZE " + value);
        }
        long delta = value - peerInitialWindow;
        peerInitialWindow = (int) value;
        for (H2Stream s : live) {
            s.sendWindow += delta;
            if (s.sendWindow > H2.MAX_WINDOW) {
                throw H2Exception.connection(ErrorCode.FLOW_CONTROL_ERROR, "stream " + s.id
                        + " window over 2^31-1 after SETTINGS_INITIAL_WINDOW_SIZE");
            }
        }
    }

    void peerMaxFrameSize(long value) {
        if (value < H2.MIN_MAX_FRAME_SIZE || value > H2.MAX_MAX_FRAME_SIZE) {
            throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "SETTINGS_MAX_FRAME_SIZE " + value);
        }
        peerMaxFrameSize = (int) value;
    }

    void peerTableSizeChanged() {
        encoder.peerTableSizeChanged();
    }

    // ---- H2Response.Sink ----

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

    @Override
    public String toString() {
        return "recvWindow=" + connRecvWindow + ", sendWindow=" + connSendWindow + ", peerInitialWindow="
                + peerInitialWindow + ", peerMaxFrame=" + peerMaxFrameSize + ", queued=" + out.size();
    }
}
