package dev.loopwork.http.internal.h2;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** A growable byte array: where header blocks are encoded. */
public final class ByteOut implements Huffman.ByteSink {

    private byte[] buf;
    private int count;

    public ByteOut(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    @Override
    public void put(int b) {
        if (count == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        buf[count++] = (byte) b;
    }

    public void put(byte[] b, int off, int len) {
        if (count + len > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + len));
        }
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    public int length() {
        return count;
    }

    public byte[] array() {
        return buf;
    }

    public void reset() {
        count = 0;
    }

    /** A copy of the bytes written, as a buffer ready to read. */
    public ByteBuffer toBuffer() {
        return ByteBuffer.wrap(Arrays.copyOf(buf, count));
    }
}
