package dev.loopwork.internal;

import dev.loopwork.Stage;
import dev.loopwork.StalledInputException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The read side on its own, with the races of a resume from another thread replayed in order. */
class InboundTest {

    private static final int READ_SIZE = 64 * 1024;

    private final RealBufferPool pool = new RealBufferPool(true);
    private final TestSocket socket = new TestSocket();

    /**
     * A connection whose handler pauses and leaves every byte; its resume, "from another thread",
     * lands at the worst moment the test names: inside the core's next {@link #mayDeliver()} read.
     */
    private static final class PausingOwner implements Inbound.Owner {
        final ByteArrayOutputStream taken = new ByteArrayOutputStream();
        boolean paused;
        long resumes;
        boolean resumeAtNextMayDeliver;
        int pausesLeft;
        /** Leave every byte without pausing: a handler waiting for a unit larger than the buffer. */
        boolean neverTakes;

        @Override
        public boolean mayDeliver() {
            if (resumeAtNextMayDeliver) {
                // What RealConnection.resumeReading does: the count first, then the flag.
                resumeAtNextMayDeliver = false;
                resumes++;
                paused = false;
            }
            return !paused;
        }

        @Override
        public boolean isTerminating() {
            return false;
        }

        @Override
        public boolean demandsInput() {
            return !paused;
        }

        @Override
        public long resumeCount() {
            return resumes;
        }

        @Override
        public void deliver(ByteBuffer view) {
            if (neverTakes) {
                return;
            }
            if (pausesLeft > 0) {
                pausesLeft--;
                paused = true; // leaves every byte; the resume is already on its way
                resumeAtNextMayDeliver = true;
                return;
            }
            byte[] b = new byte[view.remaining()];
            view.get(b);
            taken.write(b, 0, b.length);
        }
    }

    private final PausingOwner owner = new PausingOwner();
    private final Inbound in = new Inbound(owner, socket, new Stage[0], pool, READ_SIZE);

    @AfterEach
    void noBufferLeft() {
        in.releaseAll();
        assertEquals(0, pool.outstanding(), "pooled buffers still out: " + pool.leakReport());
    }

    /**
     * Case 12d's failure, made deterministic: a full buffer left at a pause whose resume lands
     * between the two reads of the full-buffer stall check. The check read "stalled" before the
     * resume and "may deliver" after it, and failed the connection with StalledInputException
     * (its buffers released: the bytes seemed to vanish). It must see a resumed pause, not a stall.
     */
    @Test
    void aResumeLandingInTheStallCheckIsNotAStall() throws Exception {
        byte[] data = new byte[READ_SIZE];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        socket.feed(data);
        owner.pausesLeft = 3;
        for (int pass = 0; pass < 10 && owner.taken.size() < data.length; pass++) {
            in.pump(512 * 1024);
            assertTrue(owner.taken.size() == data.length || in.serviceable(),
                    "after a resumed pause the bytes left must be serviceable: " + in);
        }
        assertEquals(0, owner.pausesLeft, "every pause was made");
        assertArrayEquals(data, owner.taken.toByteArray(), "every byte, in order, after three pauses");
    }

    /** The other side of the line: a handler that leaves a full buffer without pausing is a real stall. */
    @Test
    void aFullBufferLeftWithoutAPauseIsAStall() {
        socket.feed(new byte[READ_SIZE]);
        owner.neverTakes = true;
        StalledInputException e = assertThrows(StalledInputException.class, () -> in.pump(512 * 1024));
        assertTrue(e.getMessage().contains("65536 bytes unconsumed in a full buffer"), e.getMessage());
    }
}
