package dev.loopwork.tck.faults;

import dev.loopwork.Connection;
import dev.loopwork.Server;
import dev.loopwork.tck.TckContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLSocket;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The TLS upload stall (the bug the project exists for) under partial I/O: the server takes 16 KiB,
 * pauses reading and resumes from a timer 0 or 1 ms later; the client sends batches ending at random
 * offsets and waits for an acknowledgement of each, so the end of a batch is left above a drained
 * socket again and again. Short and empty reads change where records split and when the socket looks
 * drained; every byte must still arrive, in order, and never while paused.
 */
final class StallUnderFaults {

    private static final Logger log = LoggerFactory.getLogger(StallUnderFaults.class);
    static final int STEP = 16 * 1024;

    private final FaultCase fc;

    StallUnderFaults(FaultCase fc) {
        this.fc = fc;
    }

    void run(long total) throws Exception {
        TckContext ctx = fc.ctx;
        long[] ackAt = batchEnds(total, fc.seed);
        Server server = ctx.group().listen(TckContext.loopback(), FaultTls.server(setup -> new Receiver(fc, ackAt)));
        java.net.Socket raw = fc.unconnected();
        java.io.IOException failed = fc.connect(raw, server.localAddress());
        if (failed != null) {
            throw new AssertionError("connect failed without any injected error (this case injects none); " + fc, failed);
        }
        SSLSocket s = FaultTls.connect(ctx, raw, server.localAddress());
        InetSocketAddress me = (InetSocketAddress) s.getLocalSocketAddress();
        OutputStream out = s.getOutputStream();
        DataInputStream in = new DataInputStream(s.getInputStream());
        SplittableRandom payload = new SplittableRandom(fc.seed ^ 0x5EED);
        MessageDigest sent = Transfer.sha256();
        byte[] record = new byte[STEP];
        long at = 0;
        for (long end : ackAt) {
            while (at < end) {
                int n = (int) Math.min(record.length, end - at);
                payload.nextBytes(record);
                out.write(record, 0, n);
                sent.update(record, 0, n);
                at += n;
            }
            out.flush();
            assertEquals(end, in.readLong(), "acknowledged offset; " + fc);
        }
        s.shutdownOutput();
        assertEquals(-1, in.read(), "end of stream after the server's close; " + fc);
        s.close();
        Receiver r = (Receiver) fc.serverEnd(me);
        fc.verifyEnd(r, true);
        assertEquals(total, r.consumed, "bytes delivered; " + r + "; " + fc);
        assertEquals(HexFormat.of().formatHex(sent.digest()), r.sha256, "SHA-256 delivered; " + fc);
        assertEquals(0, r.deliveredWhilePaused, "onData while reading was paused; " + r + "; " + fc);
        log.info("TLS upload stall on {} under partial I/O, seed {}: {} bytes, {} pauses, {} batches; {}",
                fc.faults.name(), fc.seed, total, r.pauses, ackAt.length, fc.faults.stats());
    }

    /** Increasing batch ends 64 KiB to 512 KiB apart, the last at {@code total}, none on a pause point. */
    static long[] batchEnds(long total, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Long> ends = new ArrayList<>();
        long at = 0;
        while (at < total) {
            long next = at + 64 * 1024 + r.nextInt(448 * 1024);
            if (next % STEP == 0) {
                next++;
            }
            at = Math.min(total, next);
            ends.add(at);
        }
        return ends.stream().mapToLong(Long::longValue).toArray();
    }

    /** Takes {@value #STEP} bytes, pauses, resumes from a loop timer; acknowledges batch ends. */
    static final class Receiver extends ServerSide {
        private final long[] ackAt;
        private final MessageDigest digest = Transfer.sha256();
        private int nextAck;
        private long nextPause = STEP;
        private boolean paused;
        volatile long consumed;
        volatile int pauses;
        volatile int deliveredWhilePaused;
        volatile String sha256;

        Receiver(FaultCase fc, long[] ackAt) {
            super(fc);
            this.ackAt = ackAt;
        }

        @Override
        public void onData(Connection c, ByteBuffer data) {
            if (paused) {
                deliveredWhilePaused++;
            }
            while (data.hasRemaining()) {
                long limit = nextAck < ackAt.length ? Math.min(nextPause, ackAt[nextAck]) : nextPause;
                int n = (int) Math.min(data.remaining(), limit - consumed);
                digest.update(data.slice(data.position(), n));
                data.position(data.position() + n);
                consumed += n;
                if (nextAck < ackAt.length && consumed == ackAt[nextAck]) {
                    nextAck++;
                    c.write(ByteBuffer.allocate(8).putLong(0, consumed));
                }
                if (consumed == nextPause) {
                    nextPause += STEP;
                    int p = ++pauses;
                    paused = true;
                    c.pauseReading();
                    c.loop().schedule(() -> {
                        paused = false;
                        c.resumeReading();
                    }, p % 2, TimeUnit.MILLISECONDS);
                    return; // the rest stays buffered above the socket: pending input
                }
            }
        }

        @Override
        public void onInputShutdown(Connection c) {
            sha256 = HexFormat.of().formatHex(digest.digest());
            c.close();
        }

        @Override
        public String toString() {
            return super.toString() + "{consumed=" + consumed + ", pauses=" + pauses + ", acks=" + nextAck + '/'
                    + ackAt.length + ", paused=" + paused + '}';
        }
    }
}
