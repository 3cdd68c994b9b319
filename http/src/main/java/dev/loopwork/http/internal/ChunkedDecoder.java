package dev.loopwork.http.internal;

import dev.loopwork.http.HttpException;
import dev.loopwork.http.HttpLimits;

import java.nio.ByteBuffer;

/**
 * The chunked transfer coding (RFC 9112 §7.1) as a state machine over input of any split.
 *
 * <h2>Strictness (request smuggling)</h2>
 * A chunk size is 1..16 hex digits, nothing before them (no sign, no {@code 0x}, no whitespace);
 * after them only {@code ;extensions} (optionally after whitespace) or CRLF. Extension bytes must
 * be visible characters, SP or HTAB, and count against {@link HttpLimits#maxChunkExtensions()} for
 * the whole body; a quoted-string left open at the end of the line is refused. Chunk data must be followed by exactly CRLF. Every line end is CRLF: a bare CR or
 * LF is a 400. The trailer section is parsed like header fields and limited by
 * {@link HttpLimits#maxTrailerSize()} and {@link HttpLimits#maxHeaderCount()}.
 *
 * <h2>Limits</h2>
 * The body may not exceed {@link HttpLimits#maxBodySize()}: a chunk that would pass it is refused
 * with 413 as soon as its size line is read, before its data.
 */
final class ChunkedDecoder implements BodyDecoder {

    private enum State { SIZE_FIRST, SIZE, SIZE_WS, EXT, SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILERS, DONE }

    /** 16 hex digits hold any long; more (beyond leading zeros) is an overflow. */
    private static final long MAX_BEFORE_SHIFT = Long.MAX_VALUE >>> 4;
    /** Leading zeros are allowed, but not without end. */
    private static final int MAX_DIGITS = 32;

    private final long maxBody;
    private final int maxExtensions;
    private final HttpLimits limits;
    private State state = State.SIZE_FIRST;
    private long chunkRemaining;
    private long size;
    private int digits;
    /** Inside a quoted-string of a chunk extension, and after its backslash. */
    private boolean inQuote;
    private boolean escaped;
    private long body;
    private int extensionBytes;
    private HeadScanner trailerScanner;
    private FieldList trailers = FieldList.EMPTY;

    ChunkedDecoder(HttpLimits limits) {
        this.limits = limits;
        this.maxBody = limits.maxBodySize();
        this.maxExtensions = limits.maxChunkExtensions();
    }

    @Override
    public Status decode(ByteBuffer in, BodySink sink) throws Exception {
        while (true) {
            if (state == State.DATA) {
                Status s = data(in, sink);
                if (s != null) {
                    return s;
                }
                continue;
            }
            if (state == State.TRAILERS) {
                if (!trailerScanner.scan(in)) {
                    return Status.NEED_INPUT;
                }
                parseTrailers();
                state = State.DONE;
            }
            if (state == State.DONE) {
                return Status.DONE;
            }
            if (!in.hasRemaining()) {
                return Status.NEED_INPUT;
            }
            framing(in);
        }
    }

    /** Hands chunk data on; returns a status to return, or null to go on with the framing. */
    private Status data(ByteBuffer in, BodySink sink) throws Exception {
        while (chunkRemaining > 0) {
            int available = in.remaining();
            if (available == 0) {
                return Status.NEED_INPUT;
            }
            int n = (int) Math.min(chunkRemaining, available);
            int start = in.position();
            ByteBuffer slice = in.slice(start, n);
            boolean go = sink.accept(slice);
            int used = slice.position();
            in.position(start + used);
            chunkRemaining -= used;
            body += used;
            if (!go || used < n) {
                if (chunkRemaining == 0) {
                    state = State.DATA_CR;
                }
                return Status.STOPPED;
            }
        }
        state = State.DATA_CR;
        return null;
    }

    /** Consumes framing bytes until data starts, the trailers start, or the input ends. */
    private void framing(ByteBuffer in) {
        int p = in.position();
        int lim = in.limit();
        try {
            while (p < lim) {
                byte b = in.get(p);
                switch (state) {
                    case SIZE_FIRST: {
                        int d = Ascii.hex(b);
                        if (d < 0) {
                            throw new HttpException(400, "chunk size does not start with a hex digit: " + Ascii.show(b));
                        }
                        size = d;
                        digits = 1;
                        state = State.SIZE;
                        break;
                    }
                    case SIZE: {
                        int d = Ascii.hex(b);
                        if (d >= 0) {
                            if (size > MAX_BEFORE_SHIFT || ++digits > MAX_DIGITS) {
                                throw new HttpException(400, "chunk size overflows or has more than " + MAX_DIGITS
                                        + " digits");
                            }
                            size = (size << 4) | d;
                        } else if (b == ';') {
                            state = State.EXT;
                            countExtension();
                        } else if (b == Ascii.CR) {
                            state = State.SIZE_LF;
                        } else if (Ascii.isWhite(b)) {
                            state = State.SIZE_WS;
                        } else {
                            throw new HttpException(400, "invalid character " + Ascii.show(b) + " after a chunk size");
                        }
                        break;
                    }
                    case SIZE_WS:
                        if (b == ';') {
                            state = State.EXT;
                        } else if (!Ascii.isWhite(b)) {
                            throw new HttpException(400, "whitespace after a chunk size not followed by an extension");
                        }
                        countExtension();
                        break;
                    case EXT:
                        if (b == Ascii.CR) {
                            if (inQuote) {
                                // Some parsers skip a CRLF inside quotes, others end the line there:
                                // refuse rather than pick one (chunk-extension smuggling).
                                throw new HttpException(400, "line end inside a quoted chunk extension value");
                            }
                            state = State.SIZE_LF;
                        } else if (b == Ascii.LF || !Ascii.isFieldChar(b)) {
                            throw new HttpException(400, "invalid character " + Ascii.show(b) + " in a chunk extension");
                        } else {
                            countExtension();
                            if (escaped) {
                                escaped = false;
                            } else if (b == '"') {
                                inQuote = !inQuote;
                            } else if (b == '\\' && inQuote) {
                                escaped = true;
                            }
                        }
                        break;
                    case SIZE_LF:
                        if (b != Ascii.LF) {
                            throw new HttpException(400, "bare CR in a chunk size line");
                        }
                        p++;
                        startChunk();
                        return;
                    case DATA_CR:
                        if (b != Ascii.CR) {
                            throw new HttpException(400, "chunk data longer than its size (no CRLF after it)");
                        }
                        state = State.DATA_LF;
                        break;
                    case DATA_LF:
                        if (b != Ascii.LF) {
                            throw new HttpException(400, "bare CR after chunk data");
                        }
                        state = State.SIZE_FIRST;
                        break;
                    default:
                        throw new IllegalStateException("framing in state " + state);
                }
                p++;
            }
        } finally {
            in.position(p);
        }
    }

    private void countExtension() {
        if (++extensionBytes > maxExtensions) {
            throw new HttpException(400, "chunk extensions longer than " + maxExtensions + " bytes in total");
        }
    }

    private void startChunk() {
        inQuote = false;
        escaped = false;
        if (size == 0) {
            state = State.TRAILERS;
            trailerScanner = new HeadScanner(limits.maxTrailerSize(), false, 0, 431, "trailer section");
            return;
        }
        if (size > maxBody - body) {
            throw new HttpException(413, "chunked body above the limit of " + maxBody + " bytes");
        }
        chunkRemaining = size;
        state = State.DATA;
    }

    private void parseTrailers() {
        int n = trailerScanner.length();
        if (n > 2) {
            FieldList t = new FieldList(4);
            HeadParser.parseFields(trailerScanner.array(), 0, n, t, limits.maxHeaderCount(), 431, "trailer", null);
            trailers = t;
        }
        trailerScanner = null;
    }

    /** Trailer fields, once {@link Status#DONE}. */
    FieldList trailers() {
        return trailers;
    }

    @Override
    public long bodyBytes() {
        return body;
    }

    @Override
    public long remaining() {
        return state == State.DONE ? 0 : -1;
    }

    @Override
    public String toString() {
        return "Chunked{" + state + ", body=" + body + ", chunkRemaining=" + chunkRemaining + '}';
    }
}
