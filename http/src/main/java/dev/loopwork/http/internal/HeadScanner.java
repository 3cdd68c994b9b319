package dev.loopwork.http.internal;

import dev.loopwork.http.HttpException;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Finds the end of a header block ({@code CRLF CRLF}) in input that may arrive in any number of
 * pieces, and collects the block into an array for {@link HeadParser}. Used for request heads, the
 * trailer section of chunked bodies and the headers of multipart parts.
 *
 * <h2>Contract</h2>
 * {@link #scan} consumes head bytes from the buffer (advancing its position) and leaves the bytes
 * after the head untouched, so body bytes are never copied. Each input byte is examined once,
 * whatever the split: a client sending one byte at a time costs no more than one sending all.
 * Line ends must be CRLF: a bare CR or a bare LF anywhere in the block is a 400 as soon as it is
 * seen. The block (with its CRLFs) may not exceed {@code maxSize} bytes.
 *
 * <h2>Modes</h2>
 * In request mode, empty lines before the request line are skipped (RFC 9112 §2.2) but counted
 * against the limit, and an over-long request line is answered 414 before the head ends (at its
 * first byte past the limit, so that a bare CR or LF before that byte is a 400 whatever the split). In fields
 * mode (trailers, part headers) the block may be empty: a lone CRLF ends it.
 */
final class HeadScanner {

    /** Bytes copied and examined per step: heads are small, bodies may follow in the same buffer. */
    private static final int STEP = 512;

    private final int maxSize;
    private final boolean requestMode;
    private final int maxRequestLine;
    private final int overflowStatus;
    private final String what;

    private byte[] head;
    private int filled;
    /** Line-end state: 0 in a line, 1 after CR, 2 after CRLF (line start), 3 after CRLF CR. */
    private int state;
    private boolean leading;
    private boolean leadingCr;
    private int skipped;
    private int requestLineEnd;
    private boolean complete;

    /**
     * @param maxSize        the block limit in bytes, CRLFs included
     * @param requestMode    see the class comment
     * @param maxRequestLine in request mode, the longest request line before a 414
     * @param overflowStatus the status when the block is too large (431, or 413 for part headers)
     * @param what           what the block is, for messages ("request head", "trailer section")
     */
    HeadScanner(int maxSize, boolean requestMode, int maxRequestLine, int overflowStatus, String what) {
        this.maxSize = maxSize;
        this.requestMode = requestMode;
        this.maxRequestLine = maxRequestLine;
        this.overflowStatus = overflowStatus;
        this.what = what;
        this.head = new byte[Math.min(maxSize, 1024)];
        reset();
    }

    /** Forgets the block; the next {@link #scan} starts a new one. Keeps the array. */
    void reset() {
        filled = 0;
        state = requestMode ? 0 : 2;
        leading = requestMode;
        leadingCr = false;
        skipped = 0;
        requestLineEnd = -1;
        complete = false;
    }

    /**
     * Consumes the block's bytes from {@code in}; returns {@code true} once its final CRLF has been
     * consumed, {@code false} if {@code in} ended first (every byte of it was consumed).
     *
     * @throws HttpException 400 for a bare CR or LF, 414/431 (or the overflow status) past a limit
     */
    boolean scan(ByteBuffer in) {
        if (complete) {
            return true;
        }
        int pos = in.position();
        int lim = in.limit();
        if (leading) {
            pos = skipLeadingEmptyLines(in, pos, lim);
            in.position(pos);
            if (leading) {
                return false;
            }
        }
        while (pos < lim) {
            int room = maxSize - filled;
            if (room == 0) {
                throw tooLarge();
            }
            int n = Math.min(Math.min(lim - pos, STEP), room);
            ensureCapacity(filled + n);
            in.get(pos, head, filled, n);
            int end = examine(filled, filled + n);
            if (end >= 0) {
                in.position(pos + (end - filled));
                filled = end;
                complete = true;
                return true;
            }
            filled += n;
            pos += n;
            in.position(pos);
        }
        if (filled == maxSize) {
            throw tooLarge();
        }
        return false;
    }

    private int skipLeadingEmptyLines(ByteBuffer in, int pos, int lim) {
        while (pos < lim) {
            byte b = in.get(pos);
            if (leadingCr) {
                if (b != Ascii.LF) {
                    throw new HttpException(400, "bare CR before the request line");
                }
                leadingCr = false;
                skipped += 2;
                if (skipped > maxSize) {
                    throw tooLarge();
                }
            } else if (b == Ascii.CR) {
                leadingCr = true;
            } else if (b == Ascii.LF) {
                throw new HttpException(400, "bare LF before the request line");
            } else {
                leading = false;
                return pos;
            }
            pos++;
        }
        return pos;
    }

    /** Runs the line-end state machine over {@code head[from..to)}; returns the end index of the block or -1. */
    private int examine(int from, int to) {
        byte[] h = head;
        int s = state;
        for (int i = from; i < to; i++) {
            byte b = h[i];
            if (b == Ascii.CR) {
                if (s == 0) {
                    s = 1;
                } else if (s == 2) {
                    s = 3;
                } else {
                    throw new HttpException(400, "bare CR in the " + what);
                }
            } else if (b == Ascii.LF) {
                if (s == 1) {
                    s = 2;
                    if (requestLineEnd < 0 && requestMode) {
                        requestLineEnd = i + 1;
                    }
                } else if (s == 3) {
                    state = s;
                    return i + 1;
                } else {
                    throw new HttpException(400, "bare LF in the " + what);
                }
            } else if (s == 1 || s == 3) {
                throw new HttpException(400, "bare CR in the " + what);
            } else {
                // Checked per byte, in byte order, so that the first fault decides whatever the
                // split: a request line's content byte at index maxRequestLine makes it too long.
                if (requestMode && requestLineEnd < 0 && i >= maxRequestLine) {
                    throw new HttpException(414, "request line longer than " + maxRequestLine + " bytes");
                }
                s = 0;
            }
        }
        state = s;
        return -1;
    }

    private void ensureCapacity(int needed) {
        if (needed > head.length) {
            head = Arrays.copyOf(head, Math.min(maxSize, Math.max(needed, head.length * 2)));
        }
    }

    private HttpException tooLarge() {
        return new HttpException(overflowStatus, what + " larger than " + maxSize + " bytes");
    }

    /** Whether any byte of a block (or of empty lines before it) has been consumed. */
    boolean started() {
        return filled > 0 || skipped > 0 || leadingCr;
    }

    boolean isComplete() {
        return complete;
    }

    /** The block's bytes, valid until the next {@link #scan} after {@link #reset()}. */
    byte[] array() {
        return head;
    }

    /** Length of the block, final CRLF included. */
    int length() {
        return filled;
    }

    @Override
    public String toString() {
        return "HeadScanner{" + what + ", filled=" + filled + '/' + maxSize + ", state=" + state
                + (complete ? ", complete" : "") + (leading ? ", leading" : "") + '}';
    }
}
