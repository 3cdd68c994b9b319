package dev.loopwork.tck;

import dev.loopwork.Connection;
import dev.loopwork.LoopGroup;
import dev.loopwork.Server;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Case 4: fairness. On a group of one loop, one connection floods the server as fast as a blocking
 * socket can write while another trickles small request/response rounds. The trickle must finish
 * its rounds while the flood is still going (it is stopped only afterwards), and the flood must
 * have moved megabytes meanwhile: the loop served both, neither starved the other.
 *
 * <h2>No timing</h2>
 * The flood has a generous bound so that the case ends even on a broken provider; the assertion is
 * about order (the trickle finished before the flood ended), not about how long anything took.
 */
final class FairnessCases {

    private static final long FLOOD_BOUND_NANOS = 20_000_000_000L;
    private static final int ROUNDS = 50;
    private static final int MAX_ROUNDS = 20_000;
    private static final long FLOOD_PROGRESS = 4L * 1024 * 1024;

    private final TckContext ctx;

    FairnessCases(TckContext ctx) {
        this.ctx = ctx;
    }

    /** First byte 'F': discard and count everything; 'T': echo everything. */
    private static final class ModeHandler extends TckHandler {
        private final AtomicLong flooded;
        private int mode;

        ModeHandler(Violations v, AtomicLong flooded) {
            super(v);
            this.flooded = flooded;
        }

        @Override
        void data(Connection c, ByteBuffer data) {
            if (mode == 0) {
                mode = data.get();
            }
            if (mode == 'F') {
                flooded.addAndGet(data.remaining());
                data.position(data.limit());
            } else if (data.hasRemaining()) {
                ByteBuffer copy = ByteBuffer.allocate(data.remaining());
                copy.put(data).flip();
                c.write(copy);
            }
        }
    }

    void trickleServedWhileAnotherConnectionFloods() throws Exception {
        LoopGroup g = ctx.group(1);
        AtomicLong flooded = new AtomicLong();
        Server server = g.listen(TckContext.loopback(), setup -> new ModeHandler(ctx.violations(), flooded));

        Socket flood = ctx.connect(server.localAddress());
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<String> flooder = ctx.async("flooder", () -> {
            OutputStream out = flood.getOutputStream();
            out.write('F');
            byte[] chunk = new byte[256 * 1024];
            long deadline = System.nanoTime() + FLOOD_BOUND_NANOS;
            while (!stop.get()) {
                if (System.nanoTime() - deadline > 0) {
                    return "ended at its bound";
                }
                out.write(chunk);
            }
            return "stopped";
        });
        ctx.awaitUntil("the flood is under way (8 MiB received)", () -> flooded.get() > 8 * 1024 * 1024);

        // The trickle goes on for at least ROUNDS rounds and until the flood has moved FLOOD_PROGRESS
        // bytes meanwhile (both were served together), at most MAX_ROUNDS: the flood's writer thread
        // may be off the CPU for a while, which says nothing about the loop.
        Payload content = new Payload(11, MAX_ROUNDS * 64L);
        long floodedBefore = flooded.get();
        int rounds = 0;
        try (Socket trickle = ctx.connect(server.localAddress())) {
            OutputStream out = trickle.getOutputStream();
            InputStream in = trickle.getInputStream();
            out.write('T');
            byte[] message = new byte[64];
            while (rounds < ROUNDS || (flooded.get() - floodedBefore < FLOOD_PROGRESS && rounds < MAX_ROUNDS)) {
                content.next(message, 0, message.length);
                out.write(message);
                out.flush();
                assertArrayEquals(message, Blocking.readFully(in, message.length), "trickle round " + rounds);
                rounds++;
                assertFalse(flooder.isDone(), "the flood "
                        + (flooder.isCompletedExceptionally() ? "failed" : flooder.getNow("?")) + " before the trickling connection finished round " + rounds + " of " + ROUNDS
                        + ": it was starved by the flood on the same loop");
            }
        }
        long progress = flooded.get() - floodedBefore;
        assertTrue(progress >= FLOOD_PROGRESS, "the flooding connection moved only " + progress + " bytes during "
                + rounds + " trickle rounds: the loop served only the trickle");
        assertFalse(flooder.isDone(), "the flood ended before the trickle was done: " + flooder);
        stop.set(true);
        assertEquals("stopped", ctx.await(flooder, "the flooder to stop"));
    }
}
