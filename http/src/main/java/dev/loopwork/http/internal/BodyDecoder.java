package dev.loopwork.http.internal;

import java.nio.ByteBuffer;

/**
 * Turns the bytes of a message body on the wire into body bytes for a {@link BodySink}: the
 * framing ({@link ContentLengthDecoder}, {@link ChunkedDecoder}) is consumed, the data is handed on
 * as slices of the input.
 *
 * <h2>Contract</h2>
 * {@link #decode} consumes from {@code in} (advancing its position) what it decoded and the sink
 * took, and leaves the rest: bytes after the body's end (the next pipelined request), and bytes
 * the sink did not take when it stopped. It can be called again with the leftover and new bytes
 * appended, at any split: a decoder keeps its state between calls, never the input.
 */
interface BodyDecoder {

    enum Status {
        /** The body is complete; {@code in} is positioned after it. */
        DONE,
        /** Every byte of {@code in} was used; more are needed. */
        NEED_INPUT,
        /** The sink stopped; call again to go on. */
        STOPPED
    }

    Status decode(ByteBuffer in, BodySink sink) throws Exception;

    /** Body bytes handed to the sink and consumed by it so far. */
    long bodyBytes();

    /** Body bytes still to come when the length is known, -1 when it is not (chunked). */
    long remaining();
}
