package dev.loopwork.http.internal;

import java.nio.ByteBuffer;

/** A body of a known length: the next {@code length} bytes, handed on as they come. */
final class ContentLengthDecoder implements BodyDecoder {

    private final long length;
    private long remaining;
    /** The chunk handed to the sink, reused while the input buffer is the same (see {@link #chunk}). */
    private ByteBuffer chunk;
    private ByteBuffer chunkOf;

    ContentLengthDecoder(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("Content-Length must be >= 0, was " + length);
        }
        this.length = length;
        this.remaining = length;
    }

    @Override
    public Status decode(ByteBuffer in, BodySink sink) throws Exception {
        while (remaining > 0) {
            int available = in.remaining();
            if (available == 0) {
                return Status.NEED_INPUT;
            }
            int n = (int) Math.min(remaining, available);
            int start = in.position();
            ByteBuffer slice = chunk(in, start, n);
            boolean go = sink.accept(slice);
            int used = slice.position();
            in.position(start + used);
            remaining -= used;
            if (!go || used < n) {
                return remaining == 0 ? Status.DONE : Status.STOPPED;
            }
        }
        return Status.DONE;
    }

    /**
     * {@code in.slice(start, n)}, without the allocation in the steady state of an upload: the core
     * hands the same view object for every delivery and a body's bytes start at 0 there, so one
     * duplicate with position 0 and limit {@code n} is the same as a new slice.
     */
    private ByteBuffer chunk(ByteBuffer in, int start, int n) {
        if (start != 0) {
            return in.slice(start, n);
        }
        if (chunkOf != in) {
            chunk = in.duplicate();
            chunkOf = in;
        }
        chunk.clear().limit(n);
        return chunk;
    }

    @Override
    public long bodyBytes() {
        return length - remaining;
    }

    @Override
    public long remaining() {
        return remaining;
    }

    @Override
    public String toString() {
        return "ContentLength{" + (length - remaining) + '/' + length + '}';
    }
}
