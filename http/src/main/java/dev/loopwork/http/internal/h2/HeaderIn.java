package dev.loopwork.http.internal.h2;

import dev.loopwork.Connection;
import dev.loopwork.http.BodyConsumer;
import dev.loopwork.http.HttpException;
import dev.loopwork.http.HttpLimits;
import dev.loopwork.http.RequestHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Header blocks in: HEADERS and CONTINUATION frames assembled into one block (bounded, so a
 * CONTINUATION flood cannot grow it without end), decoded by HPACK, then dispatched: a new stream
 * is checked against the limits and handed to the {@link RequestHandler}; a block on an open stream
 * is its trailers. Loop thread only.
 *
 * <h2>States</h2>
 * {@code IDLE} → {@code IN_BLOCK} (a HEADERS without END_HEADERS: only CONTINUATION of the same
 * stream may follow, RFC 9113 §6.10) → {@code IDLE} on END_HEADERS or {@link #abandon()}.
 */
final class HeaderIn {

    private static final Logger log = LoggerFactory.getLogger(HeaderIn.class);

    enum State { IDLE, IN_BLOCK }

    /** What dispatching a request needs from the connection. */
    interface Owner {
        /** Whether a new stream {@code id} is refused because the connection is going away. */
        boolean refusesNewStreams(int id);

        /** A new stream, owned by the connection (not yet in the table). */
        H2Stream newStream(int id);

        /** The transport connection, for the request's addresses. */
        Connection transport();
    }

    private final Owner owner;
    private final StreamTable streams;
    private final StreamLife life;
    private final H2Output output;
    private final FloodGuard flood;
    private final HttpLimits limits;
    private final int maxConcurrentStreams;
    private final RequestHandler handler;
    private final String serverName;
    private final HpackDecoder decoder;
    private final long maxHeaderListSize;
    private final int maxHeaderBlock;
    private final ByteOut block = new ByteOut(1024);
    private State state = State.IDLE;
    private int blockStream;
    private boolean blockEndsStream;

    HeaderIn(Owner owner, StreamTable streams, StreamLife life, H2Output output, FloodGuard flood, HttpLimits limits,
             int maxConcurrentStreams, int headerTableSize, RequestHandler handler, String serverName) {
        this.owner = owner;
        this.streams = streams;
        this.life = life;
        this.output = output;
        this.flood = flood;
        this.limits = limits;
        this.maxConcurrentStreams = maxConcurrentStreams;
        this.handler = handler;
        this.serverName = serverName;
        this.decoder = new HpackDecoder(headerTableSize);
        this.maxHeaderListSize = limits.maxHeadSize();
        // A compressed block is rarely larger than what it decodes to; twice the list limit leaves
        // room for Huffman's worst case and stops a CONTINUATION stream that never ends.
        this.maxHeaderBlock = (int) Math.min(Integer.MAX_VALUE - 8, 2 * maxHeaderListSize + 1024);
    }

    /** The stream whose header block waits for CONTINUATION, or 0. */
    int pendingStream() {
        return state == State.IN_BLOCK ? blockStream : 0;
    }

    /** The connection is failing: a block in progress will not be completed. */
    void abandon() {
        state = State.IDLE;
        blockStream = 0;
    }

    void headers(int flags, int streamId, byte[] p, int length) {
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
        state = State.IN_BLOCK;
        blockStream = streamId;
        blockEndsStream = (flags & H2.FLAG_END_STREAM) != 0;
        append(p, off, fragment);
        if ((flags & H2.FLAG_END_HEADERS) != 0) {
            complete();
        }
    }

    void continuation(int flags, int streamId, byte[] p, int length) {
        if (state != State.IN_BLOCK || streamId != blockStream) {
            throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "CONTINUATION on stream " + streamId
                    + " without a HEADERS frame before it");
        }
        if (length == 0 && (flags & H2.FLAG_END_HEADERS) == 0) {
            flood.count(FloodGuard.Kind.EMPTY);
        }
        append(p, 0, length);
        if ((flags & H2.FLAG_END_HEADERS) != 0) {
            complete();
        }
    }

    private void append(byte[] p, int off, int n) {
        if (block.length() + n > maxHeaderBlock) {
            throw H2Exception.connection(ErrorCode.ENHANCE_YOUR_CALM, "header block of stream " + blockStream
                    + " over " + maxHeaderBlock + " compressed bytes");
        }
        block.put(p, off, n);
    }

    private void complete() {
        int id = blockStream;
        boolean endStream = blockEndsStream;
        abandon();
        H2Stream s = streams.get(id);
        boolean isNew = s == null && !streams.wasUsed(id);
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
        streams.clientUsed(id);
        if (owner.refusesNewStreams(id)) {
            output.frame(Frames.rstStream(id, ErrorCode.REFUSED_STREAM)); // after GOAWAY: the client may retry elsewhere
            return;
        }
        if (streams.size() >= maxConcurrentStreams) {
            flood.count(FloodGuard.Kind.RESET);
            log.debug("stream {} refused: {} streams open", id, streams.size());
            output.frame(Frames.rstStream(id, ErrorCode.REFUSED_STREAM));
            return;
        }
        open(id, hb, size, endStream);
    }

    private void open(int id, HeaderBlock hb, long size, boolean endStream) {
        H2Stream s = owner.newStream(id);
        streams.add(s);
        s.response = new H2Response(s, "HEAD".equals(hb.method), serverName);
        if (endStream) {
            s.endReceived = true;
            s.state = H2Stream.State.HALF_CLOSED_REMOTE;
        }
        if (size > maxHeaderListSize) {
            life.refuse(s, 431, "header list of " + size + " bytes exceeds " + maxHeaderListSize);
            return;
        }
        hb.checkRequest();
        long cl = hb.contentLength();
        if (hb.malformed == null && endStream && cl > 0) {
            hb.malformed = "content-length " + cl + " but HEADERS ended the stream";
        }
        if (hb.malformed != null) {
            log.debug("stream {} malformed: {}", id, hb.malformed);
            life.reset(s, ErrorCode.PROTOCOL_ERROR, true);
            return;
        }
        s.declaredLength = endStream ? 0 : cl;
        s.request = new H2Request(hb, endStream ? 0 : cl, limits, owner.transport());
        if (hb.path.length() > limits.maxUriLength()) {
            life.refuse(s, 414, ":path of " + hb.path.length() + " bytes exceeds " + limits.maxUriLength());
            return;
        }
        if (s.request.headers().size() > limits.maxHeaderCount()) {
            life.refuse(s, 431, s.request.headers().size() + " header fields exceed " + limits.maxHeaderCount());
            return;
        }
        if (cl > limits.maxBodySize()) {
            life.refuse(s, 413, "content-length " + cl + " exceeds " + limits.maxBodySize());
            return;
        }
        log.trace("stream {}: {}", id, s.request);
        BodyConsumer c;
        try {
            c = handler.onRequest(s.request, s.response);
        } catch (Throwable t) {
            life.fail(s, t);
            return;
        }
        if (s.reset || !streams.isLive(s)) {
            return;
        }
        s.consumer = c != null ? c : BodyConsumer.discard();
        if (endStream) {
            life.complete(s);
        } else if (s.request.expectsContinue() && c != null) {
            s.response.sendContinue();
        }
        life.flush(s);
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
            life.fail(s, new HttpException(431, "trailers of " + size + " bytes exceed " + maxHeaderListSize));
            return;
        }
        if (hb.malformed != null) {
            throw H2Exception.stream(id, ErrorCode.PROTOCOL_ERROR, hb.malformed);
        }
        if (s.request != null) {
            s.request.trailers(hb.fields);
        }
        life.endOfRequest(s);
    }

    @Override
    public String toString() {
        return "HeaderIn{" + state + (state == State.IN_BLOCK ? " stream " + blockStream + ", " + block.length()
                + " bytes" : "") + '}';
    }
}
