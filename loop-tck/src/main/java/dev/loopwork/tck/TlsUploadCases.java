package dev.loopwork.tck;

import dev.loopwork.LoopGroup;
import dev.loopwork.Server;
import dev.loopwork.tls.TlsEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Case 11b: the upload stall over TLS, the bug this project exists for. libwebsockets with a custom
 * event loop stalled on medium uploads over TLS: the engine decrypted more than the paused
 * application took, the socket was drained, and the loop never woke up for the bytes left in the
 * buffer. Here the server pauses after every 16 KiB and resumes from a loop timer; the client stops
 * at acknowledgement points, so the last bytes of each batch wait above a drained socket, and only
 * the pending-input path ({@code fakePollIn}, or the core's fallback task) can deliver them.
 */
final class TlsUploadCases {

    private static final Logger log = LoggerFactory.getLogger(TlsUploadCases.class);

    /**
     * The one timing bound of the kit, generous on purpose: after {@code resumeReading()}, bytes
     * left pending must be delivered within this. A prompt loop takes well under a millisecond; a
     * loop that waits for socket readiness instead waits for its poll timeout or forever.
     */
    static final Duration MAX_WAIT_FOR_PENDING_BYTES_AFTER_RESUME = Duration.ofSeconds(1);

    /** Below this the upload has too few batches to be sure to leave one's end above the socket. */
    static final long MIN_UPLOAD_BYTES = 1024 * 1024;

    private final TckContext ctx;

    TlsUploadCases(TckContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Increasing batch ends 64 KiB to 1 MiB apart, the last at {@code total}; none but the last on a
     * pause point, so a batch ends inside a step and its last bytes are left behind at a pause.
     */
    static long[] batchEnds(long total, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Long> ends = new ArrayList<>();
        long at = 0;
        while (at < total) {
            long next = at + 64 * 1024 + r.nextInt(1024 * 1024 - 64 * 1024);
            if (next % TlsUploadReceiver.STEP == 0) {
                next++;
            }
            at = Math.min(total, next);
            ends.add(at);
        }
        return ends.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * Half of {@link TckSettings#largeTransferBytes()} (32 MiB; at least 1 MiB) uploaded by a hand-driven JDK
     * {@code SSLEngine} client in 16 KiB records, in batches that each wait for the server's
     * acknowledgement; then close_notify. Must hold: every byte delivered in order (SHA-256 equal),
     * never while paused, the end of a batch left pending above the socket at least once (the stall
     * scenario really happened), no resume waited more than
     * {@link #MAX_WAIT_FOR_PENDING_BYTES_AFTER_RESUME} for its bytes, a clean close, and the
     * {@code fakePollIn} path the provider declared.
     */
    void uploadWithPausesEvery16KiB(TlsEngine engine) throws IOException {
        TlsFixture tls = new TlsFixture(ctx, engine);
        LoopGroup g = ctx.group();
        long total = Math.max(MIN_UPLOAD_BYTES, ctx.settings().largeTransferBytes() / 2);
        long[] ackAt = batchEnds(total, 47);
        List<TlsUploadReceiver> receivers = new CopyOnWriteArrayList<>();
        Server server = g.listen(TckContext.loopback(), tls.server(setup -> {
            TlsUploadReceiver r = new TlsUploadReceiver(ctx.violations(), ackAt,
                    ctx.timerStride((int) (total / TlsUploadReceiver.STEP)));
            receivers.add(r);
            return r;
        }));

        Payload payload = new Payload(49, total);
        long start = System.nanoTime();
        try (EngineClient client = EngineClient.open(ctx, server.localAddress(), "TLSv1.3", false)) {
            client.handshake();
            byte[] record = new byte[TlsUploadReceiver.STEP];
            long sent = 0;
            for (int batch = 0; batch < ackAt.length; batch++) {
                while (sent < ackAt[batch]) {
                    int n = (int) Math.min(record.length, ackAt[batch] - sent);
                    payload.next(record, 0, n);
                    client.write(record, 0, n); // one TLS record
                    sent += n;
                }
                long acked;
                try {
                    acked = client.readLong();
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("no acknowledgement of batch " + batch + " of " + ackAt.length
                            + " (offset " + ackAt[batch] + ") within " + ctx.settings().awaitTimeout()
                            + ": decrypted bytes pending above the socket were not delivered after resumeReading(); "
                            + "receiver: " + receivers + "; " + ctx.provider().fakePollInSummary(), e);
                }
                assertEquals(ackAt[batch], acked, "acknowledged offset of batch " + batch + "; receiver: " + receivers);
            }
            client.closeOutput();
            EngineClient.Ending end = client.readEnd();
            assertEquals(EngineClient.End.CLOSE_NOTIFY_THEN_EOF, end.end(), "how the server ended: " + end);
        }

        TlsUploadReceiver r = receivers.get(0);
        TlsUploadReceiver.Result result = ctx.await(r.result, "the server's onInputShutdown at the client's "
                + "close_notify; receiver: " + r);
        assertEquals(total, result.bytes(), "bytes delivered to the paused-and-resumed handler");
        assertEquals(Digests.hex(payload.digest()), Digests.hex(result.digest()), "SHA-256 of what was delivered");
        assertEquals(0, r.deliveredWhilePaused, "onData calls while the handler had paused reading: " + r);
        assertEquals(total / TlsUploadReceiver.STEP, result.pauses(), "a pause after every 16 KiB: " + r);
        assertTrue(result.pausesAtBatchEnd() > 0, "no pause ever left the end of a batch above the socket, so "
                + "the stall scenario never happened (" + result.pausesWithPendingBytes() + " pauses left bytes "
                + "while more were coming): " + r);
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(result.longestStallNanos());
        log.info("TLS upload on {} with the {} engine: {} bytes in {} ms, {} pauses ({} left bytes pending, {} of them "
                + "the end of a batch), longest wait for pending bytes after a resume {} ms; {}", ctx.provider().name(),
                engine, total, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), result.pauses(),
                result.pausesWithPendingBytes(), result.pausesAtBatchEnd(),
                String.format("%.3f", result.longestStallNanos() / 1e6), ctx.provider().fakePollInSummary());
        assertTrue(result.longestStallNanos() < MAX_WAIT_FOR_PENDING_BYTES_AFTER_RESUME.toNanos(),
                "upload stall: after resumeReading() the bytes left pending waited " + waitedMillis + " ms for "
                        + "delivery (limit " + MAX_WAIT_FOR_PENDING_BYTES_AFTER_RESUME.toMillis() + " ms): the loop "
                        + "waited for a socket readiness that was not coming instead of delivering the fake READ it "
                        + "promised or running the core's fallback at once; " + ctx.provider().fakePollInSummary());
        assertNull(ctx.await(r.closed, "the server's onClosed"), "a clean close after close_notify both ways: " + r);
        PendingInputCases.verifyFakePollIn(ctx.settings().fakePollIn(), ctx.provider());
    }
}
