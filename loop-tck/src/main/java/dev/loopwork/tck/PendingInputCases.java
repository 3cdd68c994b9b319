package dev.loopwork.tck;

import dev.loopwork.LoopGroup;
import dev.loopwork.PendingInputStats;
import dev.loopwork.Server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Case 3: pending input, the bug this project is built against. A {@link RecordStage} sits above
 * the socket and decodes only whole records; the handler ({@link PausingReceiver}) pauses after
 * every 64 KiB, leaving bytes behind, and resumes from a timer or another thread. The peer sends in
 * batches and waits for an acknowledgement at the end of each, so that at the last pause of a batch
 * the remaining bytes sit in the core's buffers with nothing more coming on the socket: only the
 * pending-input path ({@code fakePollIn} or the core's fallback) can deliver them. The last batch is
 * followed at once by the peer's FIN, so buffered bytes and end of stream are pending together.
 */
final class PendingInputCases {

    private static final int END_OF_STREAM_ROUNDS = 40;

    private final TckContext ctx;

    PendingInputCases(TckContext ctx) {
        this.ctx = ctx;
    }

    /** Increasing batch ends, 192 KiB to 2 MiB apart and not aligned to anything, the last at {@code total}. */
    static long[] ackPoints(long total, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Long> points = new ArrayList<>();
        long at = 0;
        while (at < total) {
            at = Math.min(total, at + 192 * 1024 + r.nextInt(2 * 1024 * 1024 - 192 * 1024));
            points.add(at);
        }
        return points.stream().mapToLong(Long::longValue).toArray();
    }

    void pausedReaderWithBufferedRecords() throws Exception {
        LoopGroup g = ctx.group();
        long total = ctx.settings().largeTransferBytes();
        long[] ackAt = ackPoints(total, 8);
        ExecutorService resumer = ctx.executor("resumer");
        List<RecordStage> stages = new CopyOnWriteArrayList<>();
        List<PausingReceiver> receivers = new CopyOnWriteArrayList<>();
        Server server = g.listen(TckContext.loopback(), setup -> {
            RecordStage stage = new RecordStage();
            stages.add(stage);
            setup.addStage(stage);
            PausingReceiver r = new PausingReceiver(ctx.violations(), ackAt, resumer,
                    ctx.timerStride((int) (total / PausingReceiver.STEP / 2)));
            receivers.add(r);
            return r;
        });

        Payload payload = new Payload(9, total);
        SplittableRandom sizes = new SplittableRandom(10);
        try (Socket s = ctx.connect(server.localAddress())) {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 256 * 1024));
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            byte[] record = new byte[RecordStage.MAX_RECORD];
            long sent = 0;
            for (int batch = 0; batch < ackAt.length; batch++) {
                while (sent < ackAt[batch]) {
                    // Random record sizes: pause points and batch ends fall inside records.
                    int n = (int) Math.min(1 + sizes.nextInt(RecordStage.MAX_RECORD), ackAt[batch] - sent);
                    payload.next(record, 0, n);
                    RecordStage.writeRecord(out, record, 0, n);
                    sent += n;
                }
                out.flush();
                boolean last = batch == ackAt.length - 1;
                if (last) {
                    s.shutdownOutput(); // FIN right behind the last bytes, before they are acknowledged
                }
                byte[] ack;
                try {
                    ack = RecordStage.readRecord(in);
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("no acknowledgement of batch " + batch + " of " + ackAt.length
                            + " (offset " + ackAt[batch] + ") within " + ctx.settings().awaitTimeout()
                            + ": bytes pending above the socket were not delivered after resumeReading(); "
                            + "receiver: " + receivers + "; stage: " + stages + "; "
                            + ctx.provider().fakePollInSummary(), e);
                } catch (IOException e) {
                    throw new AssertionError("the connection ended (" + e + ") while waiting for the acknowledgement"
                            + " of batch " + batch + " of " + ackAt.length + " (offset " + ackAt[batch] + "); receiver: "
                            + receivers + "; stage: " + stages + "; " + ctx.provider().fakePollInSummary(), e);
                }
                assertEquals(8, ack.length, "acknowledgement record length");
                assertEquals(ackAt[batch], ByteBuffer.wrap(ack).getLong(), "acknowledged offset of batch " + batch
                        + " of " + ackAt.length + "; receiver: " + receivers);
            }
            assertEquals(-1, in.read(), "after the last acknowledgement the receiver closes: EOF expected");
        }

        PausingReceiver r = receivers.get(0);
        PausingReceiver.Result result = ctx.await(r.result, "receiver's end of stream");
        assertEquals(total, result.bytes(), "bytes delivered to the handler");
        assertEquals(Digests.hex(payload.digest()), Digests.hex(result.digest()), "SHA-256 of what was delivered");
        assertEquals(0, r.deliveredWhilePaused, "onData calls while the handler had paused reading: " + r);
        assertTrue(r.pausesWithPendingBytes > 0, "no pause ever left bytes behind, so pending input was never "
                + "tested: " + r);
        ctx.await(r.closed, "receiver's onClosed");
        RecordStage stage = stages.get(0);
        assertTrue(stage.violations().isEmpty(), "stage contract: " + stage.violations());
        ctx.awaitUntil("the stage is released once the connection is closed", () -> stage.releaseCalls() == 1);
        verifyFakePollIn(ctx.settings().fakePollIn(), ctx.provider());
        // The group's own counters (LoopGroup.pendingInputStats) must tell the same story as the
        // loop's answers seen from outside: one fake per "yes", one fallback task per "no".
        PendingInputStats stats = g.pendingInputStats();
        CountingLoopProvider p = ctx.provider();
        assertEquals(p.fakePollInTrue(), stats.fakePollIns(), "LoopGroup.pendingInputStats().fakePollIns(): " + stats
                + " against the loop's answers: " + p.fakePollInSummary());
        assertEquals(p.fakePollInFalse(), stats.fallbackTasks(), "LoopGroup.pendingInputStats().fallbackTasks(): "
                + stats + " against the loop's answers: " + p.fakePollInSummary());
    }

    /**
     * The end of stream arrives right behind bytes the handler left pending: on each of many short
     * connections the peer sends a burst and its FIN at once, while the handler pauses every 64 KiB
     * and resumes from another thread or a timer. {@code onInputShutdown} must come only after every
     * byte was delivered. Many connections, because the window between a resume and the EOF is small.
     */
    void endOfStreamRightBehindPendingBytes() throws Exception {
        LoopGroup g = ctx.group(1);
        ExecutorService resumer = ctx.executor("resumer");
        List<PausingReceiver> receivers = new CopyOnWriteArrayList<>();
        List<RecordStage> stages = new CopyOnWriteArrayList<>();
        Server server = g.listen(TckContext.loopback(), setup -> {
            if (setup.remoteAddress().getPort() % 2 == 0) { // half of them with a stage holding partial records
                RecordStage stage = new RecordStage();
                stages.add(stage);
                setup.addStage(stage);
            }
            PausingReceiver r = new PausingReceiver(ctx.violations(), new long[0], resumer, 1);
            receivers.add(r);
            return r;
        });
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < END_OF_STREAM_ROUNDS; i++) {
            int size = 2 * PausingReceiver.STEP + 1 + random.nextInt(2 * PausingReceiver.STEP);
            Payload payload = new Payload(100 + i, size);
            int receiversBefore = receivers.size();
            try (Socket s = ctx.connect(server.localAddress())) {
                boolean framed = s.getLocalPort() % 2 == 0;
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 512 * 1024));
                byte[] chunk = new byte[RecordStage.MAX_RECORD];
                while (payload.hasRemaining()) {
                    int n = (int) Math.min(chunk.length - random.nextInt(1000), payload.remaining());
                    payload.next(chunk, 0, n);
                    if (framed) {
                        RecordStage.writeRecord(out, chunk, 0, n);
                    } else {
                        out.write(chunk, 0, n);
                    }
                }
                out.flush();
                s.shutdownOutput(); // FIN right behind the burst
                assertEquals(-1, s.getInputStream().read(), "the receiver closes after our FIN");
            }
            PausingReceiver r = receivers.get(receiversBefore);
            PausingReceiver.Result result = ctx.await(r.result, "end of stream on connection " + i);
            assertEquals(size, result.bytes(), "connection " + i + ": onInputShutdown came after " + result.bytes()
                    + " of " + size + " bytes; the rest, left pending at a pause, was never delivered: " + r);
            assertEquals(Digests.hex(payload.digest()), Digests.hex(result.digest()), "SHA-256 on connection " + i);
            assertEquals(0, r.deliveredWhilePaused, "onData calls while paused: " + r);
        }
        for (RecordStage stage : stages) {
            assertTrue(stage.violations().isEmpty(), "stage contract: " + stage.violations());
        }
    }

    /** Checks that pending input went through the path the provider declared. */
    static void verifyFakePollIn(FakePollInExpectation expected, CountingLoopProvider p) {
        switch (expected) {
            case USED -> {
                assertTrue(p.fakePollInTrue() > 0, "the provider declares fakePollIn USED but the core never got "
                        + "true from it: " + p.fakePollInSummary());
                assertTrue(p.fakeReadsDelivered() > 0, "the loop answered fakePollIn with true but never "
                        + "delivered the promised READ readiness: " + p.fakePollInSummary());
            }
            case NOT_IMPLEMENTED -> {
                assertEquals(0, p.fakePollInTrue(), "the provider declares fakePollIn NOT_IMPLEMENTED but the loop "
                        + "answered true: " + p.fakePollInSummary());
                assertTrue(p.fakePollInFalse() > 0, "bytes were left pending at a pause, yet the core never asked "
                        + "fakePollIn, so its fallback was not what delivered them: " + p.fakePollInSummary());
            }
            case ANY -> {
                // Only delivery counts, and it was checked.
            }
        }
    }
}
