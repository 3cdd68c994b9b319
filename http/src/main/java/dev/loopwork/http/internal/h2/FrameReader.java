package dev.loopwork.http.internal.h2;

import java.nio.ByteBuffer;

/**
 * Splits the input of a connection into frames (RFC 9113 §4). DATA payloads are streamed: their
 * bytes are handed out as slices of the input as they arrive, never copied or waited for, padding
 * removed. Every other frame is gathered whole (at most SETTINGS_MAX_FRAME_SIZE bytes, the size
 * this side advertised) into one reusable array. A frame header split across deliveries is left
 * in the input until its 9 bytes are there. Loop thread only.
 */
public final class FrameReader {

    /** What the reader found. */
    public interface Listener {
        /** A DATA frame header: {@code length} counts padding too (all of it is flow controlled). */
        void onDataStart(int streamId, int flags, int length);

        /** Some data bytes of the current DATA frame: a slice valid during the call. */
        void onData(int streamId, ByteBuffer data);

        /** The current DATA frame ended; {@code padding} bytes (pad length field included) were dropped. */
        void onDataEnd(int streamId, int flags, int padding);

        /** A whole frame of another type (unknown types included), payload as received. */
        void onFrame(int type, int flags, int streamId, byte[] payload, int length);
    }

    private enum State { HEADER, PAD_LENGTH, DATA, PADDING, PAYLOAD }

    private final int maxFrameSize;
    private final byte[] payload;
    private State state = State.HEADER;
    private int type;
    private int flags;
    private int streamId;
    private int length;
    /** Bytes still to come in the current state. */
    private int remaining;
    private int padding;
    private int filled;
    private long frames;

    /** @param maxFrameSize the SETTINGS_MAX_FRAME_SIZE this side advertised */
    public FrameReader(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
        this.payload = new byte[maxFrameSize];
    }

    /**
     * Reads frames from {@code in} until it holds less than a frame header, or {@code stop} says so
     * between frames.
     *
     * @throws H2Exception for a frame larger than advertised (FRAME_SIZE_ERROR) or bad padding
     */
    public void read(ByteBuffer in, Listener l, java.util.function.BooleanSupplier stop) {
        while (true) {
            switch (state) {
                case HEADER: {
                    if (stop.getAsBoolean() || in.remaining() < H2.FRAME_HEADER_LENGTH) {
                        return;
                    }
                    length = (in.get() & 0xFF) << 16 | (in.get() & 0xFF) << 8 | (in.get() & 0xFF);
                    type = in.get() & 0xFF;
                    flags = in.get() & 0xFF;
                    streamId = in.getInt() & Integer.MAX_VALUE;
                    frames++;
                    if (length > maxFrameSize) {
                        throw H2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, H2.typeName(type) + " frame of "
                                + length + " bytes exceeds SETTINGS_MAX_FRAME_SIZE " + maxFrameSize);
                    }
                    if (type == H2.DATA) {
                        padding = 0;
                        if ((flags & H2.FLAG_PADDED) != 0) {
                            if (length < 1) {
                                throw H2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, "padded DATA frame without a pad length");
                            }
                            state = State.PAD_LENGTH;
                        } else {
                            remaining = length;
                            state = State.DATA;
                        }
                        // After the state is set: a stream error thrown here leaves the reader in step.
                        l.onDataStart(streamId, flags, length);
                    } else {
                        remaining = length;
                        filled = 0;
                        state = State.PAYLOAD;
                    }
                    break;
                }
                case PAD_LENGTH: {
                    if (!in.hasRemaining()) {
                        return;
                    }
                    int pad = in.get() & 0xFF;
                    if (pad > length - 1) {
                        throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "DATA padding of " + pad
                                + " bytes in a frame of " + length);
                    }
                    padding = pad + 1;
                    remaining = length - 1 - pad;
                    state = State.DATA;
                    break;
                }
                case DATA: {
                    if (remaining > 0) {
                        int n = Math.min(remaining, in.remaining());
                        if (n == 0) {
                            return;
                        }
                        int limit = in.limit();
                        int end = in.position() + n;
                        in.limit(end);
                        ByteBuffer slice = in.slice();
                        in.limit(limit);
                        in.position(end);
                        remaining -= n;
                        l.onData(streamId, slice);
                    }
                    if (remaining == 0) {
                        remaining = padding > 0 ? padding - 1 : 0;
                        state = State.PADDING;
                    }
                    break;
                }
                case PADDING: {
                    int n = Math.min(remaining, in.remaining());
                    in.position(in.position() + n);
                    remaining -= n;
                    if (remaining > 0) {
                        return;
                    }
                    state = State.HEADER;
                    l.onDataEnd(streamId, flags, padding);
                    break;
                }
                default: { // PAYLOAD
                    int n = Math.min(remaining, in.remaining());
                    in.get(payload, filled, n);
                    filled += n;
                    remaining -= n;
                    if (remaining > 0) {
                        return;
                    }
                    state = State.HEADER;
                    l.onFrame(type, flags, streamId, payload, length);
                    break;
                }
            }
        }
    }

    /** Frames whose header was read. */
    public long frames() {
        return frames;
    }

    @Override
    public String toString() {
        return "FrameReader{" + state + (state != State.HEADER ? " " + H2.typeName(type) + " stream " + streamId
                + " length " + length + " remaining " + remaining : "") + ", frames=" + frames + '}';
    }
}
