package dev.loopwork.bench.h2;

import dev.loopwork.bench.client.Payload;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * The client side of one h2c upload connection, as {@link H2UploadClient} drives it: what to write
 * next (control frames first, then DATA round robin over the streams within the windows), and what
 * the server's frames change (windows, settings, answers). One thread; no HTTP/2 library.
 */
final class H2Framer {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DATA = 0, HEADERS = 1, RST_STREAM = 3, SETTINGS = 4, PING = 6, GOAWAY = 7, WINDOW_UPDATE = 8;
    private static final int END_STREAM = 0x1, ACK = 0x1, PADDED = 0x8;
    private static final int DEFAULT_WINDOW = 65_535;
    /** DATA frames per gathering write: 1 MiB at the default frame size. */
    private static final int BATCH_FRAMES = 64;

    private final ByteBuffer block;
    private final int streams;
    private final long[] size;
    private final long[] left;
    private final long[] window;
    private final ByteArrayOutputStream[] answers;
    private int answered;
    private long connWindow = DEFAULT_WINDOW;
    private int peerInitialWindow = DEFAULT_WINDOW;
    private int maxFrame = 16_384;
    private int next;
    /** Streams whose HEADERS went into a batch: only they may get DATA (RFC 9113 §5.1: no DATA on an idle stream). */
    private int opened;
    private final byte[][] requestHeaders;
    private int cursor;

    private final ArrayDeque<ByteBuffer> control = new ArrayDeque<>();
    private final ByteBuffer headerArena = ByteBuffer.allocateDirect(9 * BATCH_FRAMES);
    private final ByteBuffer[] frameHeaders = new ByteBuffer[BATCH_FRAMES];
    private ByteBuffer[] batch = new ByteBuffer[2 * BATCH_FRAMES + 16];
    private int batchStart;
    private int batchEnd;
    private final ByteBuffer in = ByteBuffer.allocate(1 << 16);

    H2Framer(Payload payload, String scheme, String authority, int streams, long bytes) {
        this.block = payload.slice(Payload.SIZE);
        this.streams = streams;
        this.size = new long[streams];
        this.left = new long[streams];
        this.window = new long[streams];
        this.answers = new ByteArrayOutputStream[streams];
        this.requestHeaders = new byte[streams][];
        for (int i = 0; i < BATCH_FRAMES; i++) {
            frameHeaders[i] = headerArena.duplicate().position(9 * i).limit(9 * i + 9).slice();
        }
        control.add(ByteBuffer.wrap(PREFACE));
        control.add(frame(SETTINGS, 0, 0, new byte[]{0, 2, 0, 0, 0, 0})); // ENABLE_PUSH 0
        for (int i = 0; i < streams; i++) {
            size[i] = bytes / streams + (i < bytes % streams ? 1 : 0);
            left[i] = size[i];
            window[i] = DEFAULT_WINDOW;
            answers[i] = new ByteArrayOutputStream();
            requestHeaders[i] = requestBlock(scheme, authority, size[i]);
        }
    }

    int streamId(int index) {
        return 2 * index + 1;
    }

    long streamBytes(int index) {
        return size[index];
    }

    String answer(int index) {
        return answers[index].toString(StandardCharsets.US_ASCII);
    }

    boolean done() {
        return answered == streams;
    }

    boolean wantsWrite(Link link) {
        return batchStart < batchEnd || !control.isEmpty() || link.pending();
    }

    /** Writes what it can without blocking; returns whether any byte went out. */
    boolean write(Link link) throws IOException {
        if (batchStart == batchEnd) {
            fill();
            if (batchStart == batchEnd) {
                return link.pending() && link.write(batch, 0, 0) > 0;
            }
        }
        long n = link.write(batch, batchStart, batchEnd - batchStart);
        while (batchStart < batchEnd && !batch[batchStart].hasRemaining()) {
            batch[batchStart++] = null;
        }
        if (batchStart == batchEnd) {
            batchStart = batchEnd = 0;
        }
        return n > 0;
    }

    private void fill() {
        int needed = control.size() + (streams - opened) + 2 * BATCH_FRAMES;
        if (batch.length < needed) {
            batch = new ByteBuffer[needed];
        }
        int k = 0;
        while (!control.isEmpty()) {
            batch[k++] = control.poll();
        }
        for (; opened < streams; opened++) {
            batch[k++] = frame(HEADERS, 0x4, streamId(opened), requestHeaders[opened]); // END_HEADERS
        }
        int frames = 0;
        int idle = 0;
        while (frames < BATCH_FRAMES && connWindow > 0 && idle < streams) { // every stream is open by now
            int s = next;
            next = (next + 1) % streams;
            int len = (int) Math.min(Math.min(maxFrame, left[s]), Math.min(window[s], connWindow));
            if (len <= 0) {
                idle++;
                continue;
            }
            idle = 0;
            left[s] -= len;
            window[s] -= len;
            connWindow -= len;
            ByteBuffer h = frameHeaders[frames++].clear();
            h.put((byte) (len >>> 16)).put((byte) (len >>> 8)).put((byte) len).put((byte) DATA)
                    .put((byte) (left[s] == 0 ? END_STREAM : 0)).putInt(streamId(s)).flip();
            if (cursor + len > Payload.SIZE) {
                cursor = 0;
            }
            batch[k++] = h;
            batch[k++] = block.duplicate().limit(cursor + len).position(cursor);
            cursor += len;
        }
        batchStart = 0;
        batchEnd = k;
    }

    /** Reads and handles the server's frames; returns whether any byte came. */
    boolean read(Link link) throws IOException {
        int r = link.read(in);
        if (r < 0) {
            throw new EOFException();
        }
        if (r == 0) {
            return false;
        }
        in.flip();
        while (in.remaining() >= 9) {
            int p = in.position();
            int len = (in.get(p) & 0xFF) << 16 | (in.get(p + 1) & 0xFF) << 8 | (in.get(p + 2) & 0xFF);
            if (in.remaining() < 9 + len) {
                if (9 + len > in.capacity()) {
                    throw new IOException("a frame of " + len + " bytes from the server");
                }
                break;
            }
            frame(in.get(p + 3) & 0xFF, in.get(p + 4) & 0xFF, in.getInt(p + 5) & Integer.MAX_VALUE, p + 9, len);
            in.position(p + 9 + len);
        }
        in.compact();
        return true;
    }

    private void frame(int type, int flags, int stream, int at, int len) throws IOException {
        switch (type) {
            case SETTINGS:
                if ((flags & ACK) == 0) {
                    for (int i = at; i + 6 <= at + len; i += 6) {
                        int id = in.getShort(i) & 0xFFFF;
                        int value = in.getInt(i + 2);
                        if (id == 4) {
                            for (int s = 0; s < streams; s++) {
                                window[s] += value - peerInitialWindow; // RFC 9113 §6.9.2
                            }
                            peerInitialWindow = value;
                        } else if (id == 5) {
                            maxFrame = value;
                        }
                    }
                    control.add(frame(SETTINGS, ACK, 0, new byte[0]));
                }
                break;
            case WINDOW_UPDATE: {
                int increment = in.getInt(at) & Integer.MAX_VALUE;
                if (stream == 0) {
                    connWindow += increment;
                } else if (index(stream) >= 0) {
                    window[index(stream)] += increment;
                }
                break;
            }
            case PING:
                if ((flags & ACK) == 0) {
                    byte[] opaque = new byte[8];
                    in.get(at, opaque);
                    control.add(frame(PING, ACK, 0, opaque));
                }
                break;
            case DATA: {
                int i = index(stream);
                if (i < 0) {
                    throw new IOException("DATA on stream " + stream + ", which this client did not open");
                }
                int from = at;
                int to = at + len;
                if ((flags & PADDED) != 0) {
                    to -= in.get(at) & 0xFF;
                    from++;
                }
                for (int b = from; b < to; b++) {
                    answers[i].write(in.get(b));
                }
                if ((flags & END_STREAM) != 0) {
                    answered++;
                }
                break;
            }
            case HEADERS:
                if ((flags & END_STREAM) != 0) {
                    answered++; // an answer without a body: its check fails with the empty answer
                }
                break;
            case RST_STREAM:
                throw new IOException("the server reset stream " + stream + " with code " + in.getInt(at));
            case GOAWAY:
                int code = in.getInt(at + 4);
                if (code != 0 || !done()) {
                    throw new IOException("GOAWAY code " + code + " with " + answered + " of " + streams + " answered");
                }
                break;
            default:
                break; // PRIORITY, unknown types
        }
    }

    private int index(int stream) {
        int i = (stream - 1) / 2;
        return (stream & 1) == 1 && i < streams ? i : -1;
    }

    /** {@code :method POST, :scheme, :authority, :path /upload, content-type, content-length}, no Huffman. */
    private static byte[] requestBlock(String scheme, String authority, long length) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x83); // :method POST (static 3)
        b.write("https".equals(scheme) ? 0x87 : 0x86); // :scheme https (static 7) or http (6)
        literal(b, new byte[]{0x01}, authority); // literal without indexing, name :authority (static 1)
        literal(b, new byte[]{0x04}, "/upload"); // :path (static 4)
        literal(b, new byte[]{0x0F, 0x10}, "application/octet-stream"); // content-type (static 31)
        literal(b, new byte[]{0x0F, 0x0D}, Long.toString(length)); // content-length (static 28)
        return b.toByteArray();
    }

    private static void literal(ByteArrayOutputStream b, byte[] name, String value) {
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        b.writeBytes(name);
        b.write(v.length); // below 127: one byte, no Huffman
        b.writeBytes(v);
    }

    private static ByteBuffer frame(int type, int flags, int stream, byte[] payload) {
        ByteBuffer f = ByteBuffer.allocate(9 + payload.length);
        f.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length)
                .put((byte) type).put((byte) flags).putInt(stream).put(payload);
        return f.flip();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("H2Framer{answered " + answered + "/" + streams + ", connWindow " + connWindow);
        for (int i = 0; i < streams; i++) {
            sb.append(", s").append(streamId(i)).append(" left ").append(left[i]).append(" window ").append(window[i]);
        }
        return sb.append('}').toString();
    }
}
