package dev.loopwork.nativeloop.glue;

import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.FastThreadLocal;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads and writes of heap buffers: Netty's native I/O takes direct memory only, so heap bytes go
 * through one direct scratch buffer per thread (allocated once, reused by every socket of the loop:
 * no allocation per call). Direct buffers never come here.
 */
final class HeapIo {

    /** Scratch size: one copy per 64 KiB, the size of a typical socket read. */
    static final int SCRATCH_BYTES = 64 * 1024;

    private static final FastThreadLocal<ByteBuffer> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected ByteBuffer initialValue() {
            return ByteBuffer.allocateDirect(SCRATCH_BYTES);
        }
    };

    private HeapIo() {
    }

    /** One read of at most {@link #SCRATCH_BYTES} into {@code dst}; moves its position. -1 at end of stream. */
    static int read(FileDescriptor fd, ByteBuffer dst) throws IOException {
        ByteBuffer scratch = SCRATCH.get();
        int want = Math.min(dst.remaining(), SCRATCH_BYTES);
        int n = fd.read(scratch, 0, want);
        if (n > 0) {
            int pos = dst.position();
            dst.put(pos, scratch, 0, n);
            dst.position(pos + n);
        }
        return n;
    }

    /** Writes {@code src} in scratch-sized pieces until done or the socket is full; moves its position. */
    static int write(FileDescriptor fd, ByteBuffer src) throws IOException {
        ByteBuffer scratch = SCRATCH.get();
        int total = 0;
        while (src.hasRemaining()) {
            int pos = src.position();
            int len = Math.min(src.remaining(), SCRATCH_BYTES);
            scratch.put(0, src, pos, len);
            int n = fd.write(scratch, 0, len);
            if (n <= 0) {
                break;
            }
            src.position(pos + n);
            total += n;
            if (n < len) {
                break; // the send buffer is full: the next write would only return 0
            }
        }
        return total;
    }
}
