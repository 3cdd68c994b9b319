package dev.loopwork.tck;

import dev.loopwork.Stage;
import dev.loopwork.StageContext;
import dev.loopwork.StageResult;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test {@link Stage} that frames bytes into length-prefixed records and, like TLS, decodes only
 * whole records: a partial record is left in the source with {@link StageResult.Status#NEED_INPUT}.
 *
 * <h2>Why it exists</h2>
 * It reproduces what makes TLS hard for an event loop without needing TLS: bytes that sit above the
 * socket (a partial record the core keeps for the stage, decoded bytes the handler has not taken)
 * while the socket itself has nothing more to read. A core that forgets such bytes, or a loop that
 * sleeps on them, stalls the pending-input cases.
 *
 * <h2>Wire format</h2>
 * Each record is a 4-byte big-endian length {@code n} ({@code 1 <= n <= } {@link #MAX_RECORD})
 * followed by {@code n} bytes. {@link #writeRecord} and {@link #readRecord} speak it from a
 * blocking JDK peer.
 *
 * <h2>Checks</h2>
 * The stage records breaches of the {@link Stage} contract it can see (a byte moved before
 * {@code start}, a call off the loop thread, {@code release} twice) in {@link #violations()}.
 * A malformed length fails the decode with an {@link IOException} naming it.
 */
public final class RecordStage implements Stage {

    /** Largest record payload, as in TLS. */
    public static final int MAX_RECORD = 16 * 1024;

    /** Bytes of the length prefix. */
    public static final int HEADER = 4;

    private final List<String> violations = new CopyOnWriteArrayList<>();
    private volatile StageContext context;
    private volatile long recordsDecoded;
    private volatile long recordsEncoded;
    private volatile long partialHolds;
    private volatile int releaseCalls;

    @Override
    public void start(StageContext context) {
        if (this.context != null) {
            violations.add("start called twice");
        }
        this.context = context;
    }

    @Override
    public StageResult decode(ByteBuffer src, ByteBuffer dst) throws IOException {
        check("decode");
        int consumed = 0;
        int produced = 0;
        StageResult.Status status;
        while (true) {
            if (src.remaining() < HEADER) {
                status = StageResult.Status.NEED_INPUT;
                break;
            }
            int len = getLength(src, src.position());
            if (len < 1 || len > MAX_RECORD) {
                throw new IOException("record length " + len + " is outside 1.." + MAX_RECORD
                        + " (after " + recordsDecoded + " good records)");
            }
            if (src.remaining() < HEADER + len) {
                status = StageResult.Status.NEED_INPUT;
                break;
            }
            if (dst.remaining() < len) {
                status = StageResult.Status.NEED_SPACE;
                break;
            }
            dst.put(src.slice(src.position() + HEADER, len));
            src.position(src.position() + HEADER + len);
            consumed += HEADER + len;
            produced += len;
            recordsDecoded++;
        }
        if (status == StageResult.Status.NEED_INPUT) {
            if (src.hasRemaining()) {
                partialHolds++; // the core now holds part of a record for us: pending input
            } else if (consumed > 0) {
                status = StageResult.Status.OK; // everything taken, nothing partial left
            }
        }
        return StageResult.of(status, consumed, produced);
    }

    @Override
    public StageResult encode(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) {
        check("encode");
        long available = 0;
        for (int i = offset; i < offset + length; i++) {
            available += srcs[i].remaining();
        }
        int consumed = 0;
        int produced = 0;
        int next = offset;
        while (available > 0) {
            if (dst.remaining() < HEADER + 1) {
                return StageResult.of(StageResult.Status.NEED_SPACE, consumed, produced);
            }
            int n = (int) Math.min(Math.min(available, MAX_RECORD), dst.remaining() - HEADER);
            putLength(dst, n);
            int left = n;
            while (left > 0) {
                ByteBuffer src = srcs[next];
                if (!src.hasRemaining()) {
                    next++;
                    continue;
                }
                int take = Math.min(left, src.remaining());
                dst.put(src.slice(src.position(), take));
                src.position(src.position() + take);
                left -= take;
            }
            consumed += n;
            produced += HEADER + n;
            available -= n;
            recordsEncoded++;
        }
        return StageResult.of(StageResult.Status.OK, consumed, produced);
    }

    @Override
    public int decodeCapacity() {
        return MAX_RECORD;
    }

    @Override
    public int encodeCapacity() {
        return HEADER + MAX_RECORD;
    }

    @Override
    public void release() {
        if (++releaseCalls > 1) {
            violations.add("release called " + releaseCalls + " times");
        }
    }

    private void check(String call) {
        StageContext c = context;
        if (c == null) {
            violations.add(call + " before start");
        } else if (c.connection() != null && !c.connection().loop().inLoop()) {
            violations.add(call + " off the loop thread (" + Thread.currentThread().getName() + ')');
        }
        if (releaseCalls > 0) {
            violations.add(call + " after release");
        }
    }

    // Explicitly big-endian: the core may hand buffers of either byte order.
    private static int getLength(ByteBuffer b, int at) {
        return (b.get(at) & 0xff) << 24 | (b.get(at + 1) & 0xff) << 16 | (b.get(at + 2) & 0xff) << 8
                | (b.get(at + 3) & 0xff);
    }

    private static void putLength(ByteBuffer b, int n) {
        b.put((byte) (n >>> 24)).put((byte) (n >>> 16)).put((byte) (n >>> 8)).put((byte) n);
    }

    /** Whole records decoded so far. */
    public long recordsDecoded() {
        return recordsDecoded;
    }

    public long recordsEncoded() {
        return recordsEncoded;
    }

    /** Decode calls that left part of a record in the source for the core to keep. */
    public long partialHolds() {
        return partialHolds;
    }

    public int releaseCalls() {
        return releaseCalls;
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** Writes one record of {@code b[off .. off+len)} to a blocking stream. */
    public static void writeRecord(DataOutputStream out, byte[] b, int off, int len) throws IOException {
        if (len < 1 || len > MAX_RECORD) {
            throw new IllegalArgumentException("record length must be 1.." + MAX_RECORD + ", was " + len);
        }
        out.writeInt(len);
        out.write(b, off, len);
    }

    /** Reads one record's payload from a blocking stream. */
    public static byte[] readRecord(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 1 || len > MAX_RECORD) {
            throw new IOException("record length " + len + " is outside 1.." + MAX_RECORD);
        }
        byte[] b = new byte[len];
        in.readFully(b);
        return b;
    }

    @Override
    public String toString() {
        return "RecordStage{decoded=" + recordsDecoded + ", encoded=" + recordsEncoded + ", partialHolds="
                + partialHolds + ", releaseCalls=" + releaseCalls + ", violations=" + violations + '}';
    }
}
