package dev.loopwork.http.internal.h2;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds the frames this server sends (RFC 9113 §6); each a fresh heap buffer ready to write. */
public final class Frames {

    private Frames() {
    }

    public static ByteBuffer header(int length, int type, int flags, int streamId) {
        ByteBuffer b = ByteBuffer.allocate(H2.FRAME_HEADER_LENGTH);
        putHeader(b, length, type, flags, streamId);
        return b.flip();
    }

    static void putHeader(ByteBuffer b, int length, int type, int flags, int streamId) {
        b.put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length);
        b.put((byte) type).put((byte) flags).putInt(streamId & Integer.MAX_VALUE);
    }

    /** SETTINGS with {@code pairs} = id, value, id, value, ... */
    public static ByteBuffer settings(int... pairs) {
        ByteBuffer b = ByteBuffer.allocate(H2.FRAME_HEADER_LENGTH + pairs.length * 3);
        putHeader(b, pairs.length * 3, H2.SETTINGS, 0, 0);
        for (int i = 0; i < pairs.length; i += 2) {
            b.putShort((short) pairs[i]).putInt(pairs[i + 1]);
        }
        return b.flip();
    }

    public static ByteBuffer settingsAck() {
        return header(0, H2.SETTINGS, H2.FLAG_ACK, 0);
    }

    public static ByteBuffer ping(boolean ack, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(H2.FRAME_HEADER_LENGTH + 8);
        putHeader(b, 8, H2.PING, ack ? H2.FLAG_ACK : 0, 0);
        return b.put(payload, 0, 8).flip();
    }

    public static ByteBuffer goAway(int lastStreamId, ErrorCode code, String debug) {
        byte[] d = debug == null ? new byte[0] : debug.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(d.length, 1024);
        ByteBuffer b = ByteBuffer.allocate(H2.FRAME_HEADER_LENGTH + 8 + n);
        putHeader(b, 8 + n, H2.GOAWAY, 0, 0);
        b.putInt(lastStreamId & Integer.MAX_VALUE).putInt(code.code).put(d, 0, n);
        return b.flip();
    }

    public static ByteBuffer rstStream(int streamId, ErrorCode code) {
        ByteBuffer b = ByteBuffer.allocate(H2.FRAME_HEADER_LENGTH + 4);
        putHeader(b, 4, H2.RST_STREAM, 0, streamId);
        return b.putInt(code.code).flip();
    }

    public static ByteBuffer windowUpdate(int streamId, int increment) {
        ByteBuffer b = ByteBuffer.allocate(H2.FRAME_HEADER_LENGTH + 4);
        putHeader(b, 4, H2.WINDOW_UPDATE, 0, streamId);
        return b.putInt(increment & Integer.MAX_VALUE).flip();
    }

    /** A header block as HEADERS and as many CONTINUATION frames as {@code maxFrameSize} needs. */
    public static void headers(int streamId, byte[] block, int length, boolean endStream, int maxFrameSize,
                               List<ByteBuffer> out) {
        int off = 0;
        boolean first = true;
        do {
            int n = Math.min(length - off, maxFrameSize);
            boolean last = off + n == length;
            int type = first ? H2.HEADERS : H2.CONTINUATION;
            int flags = (last ? H2.FLAG_END_HEADERS : 0) | (first && endStream ? H2.FLAG_END_STREAM : 0);
            ByteBuffer b = ByteBuffer.allocate(H2.FRAME_HEADER_LENGTH + n);
            putHeader(b, n, type, flags, streamId);
            out.add(b.put(block, off, n).flip());
            off += n;
            first = false;
        } while (off < length);
    }
}
