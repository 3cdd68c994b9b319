package dev.loopwork.http.internal;

import dev.loopwork.http.BodyConsumer;
import dev.loopwork.http.BodyControl;
import dev.loopwork.http.HttpException;
import dev.loopwork.http.HttpLimits;
import dev.loopwork.http.PartHandler;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A streaming {@code multipart/form-data} parser (RFC 2046 §5.1, RFC 7578) as a {@link BodyConsumer}:
 * parts go to a {@link PartHandler} as slices of the body chunks, never copied.
 *
 * <h2>Finding delimiters</h2>
 * The delimiter is {@code CRLF "--" boundary}; the body is treated as if it began with a CRLF, so
 * the first delimiter needs no special case and anything before it (the preamble) is dropped. The
 * search is Boyer-Moore-Horspool: about one byte in {@code delimiter length} is examined inside
 * part data. A delimiter may be split across chunks: the bytes at the end of a chunk that could
 * start one are consumed and remembered as a count (they equal the delimiter's prefix, so no copy
 * is kept); if the next chunk shows they were data after all, they are emitted from the delimiter
 * itself. Since a boundary contains no CR, a failed partial match can only restart at a CR.
 *
 * <h2>Backpressure</h2>
 * A part consumer that pauses stops the parser after its call; the unconsumed rest of the chunk is
 * left for the server, which offers it again after resume.
 *
 * <h2>Limits</h2>
 * {@link HttpLimits#maxParts()} and {@link HttpLimits#maxPartHeaderSize()} (413); malformed
 * structure, or a body that ends before the closing delimiter, is a 400.
 */
public final class MultipartParser implements BodyConsumer {

    private enum State { DATA, AFTER_DELIMITER, CLOSE_DASH, PADDING, PADDING_LF, HEADERS, EPILOGUE }

    private final PartHandler handler;
    private final HttpLimits limits;
    private final byte[] delimiter;
    private final ByteBuffer delimiterView;
    private final int[] shift = new int[256];
    private final HeadScanner headers;

    private State state = State.DATA;
    /** Bytes of the delimiter matched at the end of the input so far, held back (not yet emitted). */
    private int matched = 2; // the virtual CRLF before the body
    /** A failed partial match: delimiter[carryOff..carryLen) must still be emitted as data. */
    private int carryLen;
    private int carryOff;
    private boolean inPart;
    private BodyConsumer part;
    private int parts;
    private boolean finished;

    /**
     * @param boundary the boundary parameter, 1..70 characters of RFC 2046's bchars
     * @throws HttpException 400 if the boundary is not valid
     */
    public MultipartParser(String boundary, HttpLimits limits, PartHandler handler) {
        checkBoundary(boundary);
        this.handler = handler;
        this.limits = limits;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.delimiterView = ByteBuffer.wrap(delimiter).asReadOnlyBuffer();
        int n = delimiter.length;
        java.util.Arrays.fill(shift, n);
        for (int i = 0; i < n - 1; i++) {
            shift[delimiter[i] & 0xFF] = n - 1 - i;
        }
        this.headers = new HeadScanner(limits.maxPartHeaderSize(), false, 0, 413, "part header block");
    }

    /** The boundary parameter of a Content-Type value, or {@code null}. */
    public static String boundaryOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        HeaderParams p = HeaderParams.parse(contentType);
        return p == null ? null : p.param("boundary");
    }

    private static void checkBoundary(String b) {
        if (b == null || b.isEmpty() || b.length() > 70 || b.charAt(b.length() - 1) == ' ') {
            throw new HttpException(400, "multipart boundary missing, longer than 70 characters or ending in a space");
        }
        for (int i = 0; i < b.length(); i++) {
            char c = b.charAt(i);
            boolean ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                    || "'()+_,-./:=? ".indexOf(c) >= 0;
            if (!ok) {
                throw new HttpException(400, "invalid character in the multipart boundary");
            }
        }
    }

    @Override
    public void onChunk(ByteBuffer in, BodyControl control) throws Exception {
        while (true) {
            if (carryLen > 0 && !emitCarry(control)) {
                return;
            }
            if (state == State.DATA) {
                if (!in.hasRemaining() || !scanData(in, control)) {
                    return;
                }
                continue;
            }
            if (state == State.EPILOGUE) {
                in.position(in.limit());
                return;
            }
            if (state == State.HEADERS) {
                if (!headers.scan(in)) {
                    return;
                }
                startPart();
                if (control.isPaused()) {
                    return;
                }
                continue;
            }
            if (!in.hasRemaining()) {
                return;
            }
            byte b = in.get();
            switch (state) {
                case AFTER_DELIMITER:
                    if (b == '-') {
                        state = State.CLOSE_DASH;
                    } else if (b == Ascii.CR) {
                        state = State.PADDING_LF;
                    } else if (Ascii.isWhite(b)) {
                        state = State.PADDING;
                    } else {
                        throw new HttpException(400, "invalid character " + Ascii.show(b) + " after a multipart boundary");
                    }
                    break;
                case CLOSE_DASH:
                    if (b != '-') {
                        throw new HttpException(400, "a multipart boundary followed by a single '-'");
                    }
                    state = State.EPILOGUE;
                    break;
                case PADDING:
                    if (b == Ascii.CR) {
                        state = State.PADDING_LF;
                    } else if (!Ascii.isWhite(b)) {
                        throw new HttpException(400, "invalid character " + Ascii.show(b) + " after a multipart boundary");
                    }
                    break;
                case PADDING_LF:
                    if (b != Ascii.LF) {
                        throw new HttpException(400, "bare CR after a multipart boundary");
                    }
                    headers.reset();
                    state = State.HEADERS;
                    break;
                default:
                    throw new IllegalStateException("state " + state);
            }
        }
    }

    /**
     * Searches {@code in} for the delimiter, emitting the data before it. Returns {@code false} when
     * the part consumer paused (the input is positioned at the first byte not consumed).
     */
    private boolean scanData(ByteBuffer in, BodyControl control) throws Exception {
        final byte[] d = delimiter;
        final int dlen = d.length;
        int p = in.position();
        final int end = in.limit();
        if (matched > 0) {
            while (matched < dlen && p < end && in.get(p) == d[matched]) {
                matched++;
                p++;
            }
            in.position(p);
            if (matched == dlen) {
                matched = 0;
                delimiterFound();
                return true;
            }
            if (p == end) {
                return true; // still a possible delimiter: keep holding
            }
            // The held bytes were data: emit them from the delimiter itself, then rescan from p.
            carryLen = matched;
            carryOff = 0;
            matched = 0;
            return true;
        }
        final int dataStart = p;
        final int last = dlen - 1;
        final byte lastByte = d[last];
        while (p + last < end) {
            byte b = in.get(p + last);
            if (b == lastByte && regionMatches(in, p)) {
                if (!emit(in, dataStart, p - dataStart, control)) {
                    return false;
                }
                in.position(p + dlen);
                delimiterFound();
                return true;
            }
            p += shift[b & 0xFF];
        }
        // Fewer than dlen bytes left: hold back the longest tail that could start a delimiter.
        int hold = end;
        for (int r = Math.min(p, end); r < end; r++) {
            if (in.get(r) == Ascii.CR && prefixMatches(in, r, end)) {
                hold = r;
                break;
            }
        }
        if (!emit(in, dataStart, hold - dataStart, control)) {
            return false;
        }
        matched = end - hold;
        in.position(end);
        return true;
    }

    private boolean regionMatches(ByteBuffer in, int p) {
        byte[] d = delimiter;
        for (int i = 0; i < d.length - 1; i++) {
            if (in.get(p + i) != d[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean prefixMatches(ByteBuffer in, int from, int end) {
        for (int i = from, k = 0; i < end; i++, k++) {
            if (in.get(i) != delimiter[k]) {
                return false;
            }
        }
        return true;
    }

    /** Hands {@code in[from, from+len)} to the open part; false if it paused. */
    private boolean emit(ByteBuffer in, int from, int len, BodyControl control) throws Exception {
        if (len == 0) {
            return !control.isPaused();
        }
        if (part == null) {
            in.position(from + len); // preamble, or a skipped part
            return true;
        }
        ByteBuffer slice = in.slice(from, len);
        part.onChunk(slice, control);
        int used = slice.position();
        in.position(from + used);
        // Bytes left: stop here. Whether the consumer paused (as it must) is checked by the server.
        return used == len && !control.isPaused();
    }

    private boolean emitCarry(BodyControl control) throws Exception {
        if (part == null) {
            carryLen = 0;
            return true;
        }
        ByteBuffer slice = delimiterView.duplicate();
        slice.limit(carryLen).position(carryOff);
        slice = slice.slice();
        part.onChunk(slice, control);
        carryOff += slice.position();
        if (carryOff < carryLen) {
            if (!control.isPaused()) {
                // The held bytes are not in the chunk, so the server cannot see them left: check here.
                throw new IllegalStateException("a part consumer left " + (carryLen - carryOff)
                        + " bytes unconsumed without pausing");
            }
            return false;
        }
        carryLen = 0;
        return !control.isPaused();
    }

    private void delimiterFound() throws Exception {
        state = State.AFTER_DELIMITER;
        if (inPart) {
            inPart = false;
            BodyConsumer p = part;
            part = null;
            if (p != null) {
                p.onComplete();
            }
        }
    }

    private void startPart() throws Exception {
        if (parts == limits.maxParts()) {
            throw new HttpException(413, "more than " + limits.maxParts() + " multipart parts");
        }
        FieldList fields = new FieldList(4);
        HeadParser.parseFields(headers.array(), 0, headers.length(), fields, limits.maxHeaderCount(), 413,
                "part header", null);
        PartImpl p = PartImpl.of(parts++, fields);
        inPart = true;
        state = State.DATA;
        part = handler.onPart(p);
    }

    @Override
    public void onComplete() throws Exception {
        if (state != State.EPILOGUE) {
            throw new HttpException(400, "multipart body ended before its closing delimiter");
        }
        handler.onComplete();
        finished = true;
    }

    @Override
    public void onError(Throwable cause) {
        if (finished) {
            return;
        }
        finished = true;
        BodyConsumer p = part;
        part = null;
        if (inPart && p != null) {
            try {
                p.onError(cause);
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
        handler.onError(cause);
    }

    /** Parts started so far. */
    public int parts() {
        return parts;
    }

    @Override
    public String toString() {
        return "MultipartParser{" + state + ", parts=" + parts + ", matched=" + matched + ", carry=" + carryOff + '/'
                + carryLen + (inPart ? ", inPart" : "") + '}';
    }
}
