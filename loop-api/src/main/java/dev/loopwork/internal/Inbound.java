package dev.loopwork.internal;

import dev.loopwork.BufferPool;
import dev.loopwork.Stage;
import dev.loopwork.StageResult;
import dev.loopwork.StalledInputException;
import dev.loopwork.spi.NetSocket;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The read side of a connection: the socket, the stages' decode steps, and delivery to the handler.
 *
 * <h2>Levels</h2>
 * With {@code n} stages there are {@code n + 1} buffers: {@code rx[0]} holds bytes read from the
 * socket, {@code rx[i + 1]} what stage {@code i} decoded, and {@code rx[n]} is offered to the
 * handler. Every buffer stays in fill mode between calls. This is where <em>pending input</em>
 * lives: bytes in any of these buffers are bytes the socket will never announce again.
 *
 * <h2>Stalled levels</h2>
 * A level is stalled when its consumer could not move its bytes on: a stage needs more input
 * (a partial record) or more room above, or the handler left bytes unconsumed. A stalled level is
 * not tried again until bytes are added to it or taken from the level above (for the top level:
 * until more data arrives or reading resumes). That is what keeps the core from spinning, and
 * what makes {@link #serviceable()} exact: it is true only when a pass could move a byte.
 */
final class Inbound {

    /** What the read side needs to know of its connection, and the one thing it does to it. */
    interface Owner {
        /** Whether data may be handed to the handler now (open, not paused, not closing). */
        boolean mayDeliver();

        /** Whether the connection is closing or aborting: stop moving input. */
        boolean isTerminating();

        /** Whether anyone above the socket wants input (the handler, or a stage mid-handshake). */
        boolean demandsInput();

        /** How many times reading was resumed so far (see {@link #topStalled()}). */
        long resumeCount();

        /** Hands {@code view} to the handler; the handler consumes by moving its position. */
        void deliver(ByteBuffer view);
    }

    private final Owner conn;
    private final NetSocket socket;
    private final Stage[] stages;
    private final BufferPool pool;
    private final int readSize;
    private final ByteBuffer[] rx;
    private final boolean[] stalled;

    private boolean socketEof;
    private boolean socketDrained;
    /** Lowest stage whose decode reported CLOSED (its peer ended at that level), or -1. */
    private int closedStage = -1;
    private boolean endOfInputSignalled;
    private boolean progressed;
    private long bytesRead;
    /** The view handed to the handler, and the buffer it is a view of ({@link #viewOf}). */
    private ByteBuffer topView;
    private ByteBuffer topViewBase;
    /** {@link Owner#resumeCount()} when the handler last left bytes in the top level. */
    private long topStallResumes;

    Inbound(Owner conn, NetSocket socket, Stage[] stages, BufferPool pool, int readSize) {
        this.conn = conn;
        this.socket = socket;
        this.stages = stages;
        this.pool = pool;
        this.readSize = readSize;
        this.rx = new ByteBuffer[stages.length + 1];
        this.stalled = new boolean[stages.length + 1];
    }

    /**
     * Moves bytes up as far as demand allows, reading at most about {@code budget} bytes from the
     * socket. Returns the bytes read; {@link #progressed()} tells whether anything moved at all.
     */
    int pump(int budget) throws IOException {
        int read = 0;
        progressed = false;
        socketDrained = false;
        boolean moved;
        do {
            moved = false;
            if (conn.mayDeliver()) {
                moved |= deliver();
                if (conn.isTerminating()) {
                    break;
                }
            }
            for (int i = stages.length - 1; i >= 0; i--) {
                moved |= decode(i);
            }
            if (read < budget && wantsSocketRead(conn.demandsInput()) && !socketDrained) {
                int r = readSocket();
                if (r != 0) {
                    moved = true;
                    read += Math.max(r, 0);
                }
            }
            progressed |= moved;
        } while (moved && !conn.isTerminating());
        return read;
    }

    boolean progressed() {
        return progressed;
    }

    private int readSocket() throws IOException {
        ByteBuffer b = buffer(0);
        int space = b.remaining();
        int r = socket.read(b);
        if (r > 0) {
            bytesRead += r;
            stalled[0] = false;
            // A short read almost always means the socket is empty; the level-triggered loop
            // reports it again if not. Saves the extra read that would return 0.
            socketDrained = r < space;
        } else if (r == 0) {
            socketDrained = true;
        } else {
            socketEof = true;
        }
        return r;
    }

    private boolean decode(int i) throws IOException {
        ByteBuffer src = rx[i];
        if (src == null || src.position() == 0 || stalled[i] || i <= closedStage) {
            return false;
        }
        Stage stage = stages[i];
        ByteBuffer dst = buffer(i + 1);
        if (dst.remaining() < stage.decodeCapacity()) {
            stalled[i] = true;
            return false;
        }
        src.flip();
        int srcBefore = src.position();
        int dstBefore = dst.position();
        StageResult r;
        try {
            r = stage.decode(src, dst);
            StageChecks.requireHonest(stage, "decode", r, src.position() - srcBefore, dst.position() - dstBefore);
        } finally {
            src.compact();
        }
        if (r.produced() > 0) {
            stalled[i + 1] = false;
        }
        if (r.consumed() > 0 && i > 0) {
            stalled[i - 1] = false;
        }
        switch (r.status()) {
            case CLOSED:
                closedStage = Math.max(closedStage, i);
                src.clear(); // whatever follows the peer's end at this level is not data
                break;
            case OK:
                if (!r.progressed()) {
                    stalled[i] = true;
                }
                break;
            case NEED_INPUT:
                if (!src.hasRemaining()) {
                    throw new StalledInputException("stage " + stage + " needs more input than a full buffer of "
                            + src.capacity() + " bytes holds; its inputUnitSize() is " + stage.inputUnitSize());
                }
                stalled[i] = true;
                break;
            default: // NEED_SPACE
                stalled[i] = true;
                break;
        }
        return r.progressed();
    }

    private boolean deliver() throws IOException {
        int top = stages.length;
        ByteBuffer b = rx[top];
        if (b == null || b.position() == 0 || topStalled()) {
            return false;
        }
        b.flip();
        ByteBuffer view = viewOf(b);
        long resumesBefore = conn.resumeCount();
        conn.deliver(view);
        int consumed = view.position();
        b.position(b.position() + consumed);
        b.compact();
        if (consumed > 0 && top > 0) {
            stalled[top - 1] = false;
        }
        // Bytes the handler left wait for more data or for a resume. A resume from another thread
        // may land before the callback even returns: remember which resumes this stall has seen.
        stalled[top] = b.position() > 0;
        topStallResumes = resumesBefore;
        // Only a real stall fails: not bytes left at a pause, even one already resumed by now.
        // The order of the reads matters: a resume from another thread counts first and then
        // clears the pause, so "may deliver" is read first; read after the stall, a resume landing
        // in between looked like a handler that never paused (case 12d, InboundTest).
        if (conn.mayDeliver() && topStalled() && !roomAbove(top)) {
            throw new StalledInputException("the handler left " + b.position()
                    + " bytes unconsumed in a full buffer; a unit it waits for must fit in readBufferSize");
        }
        return consumed > 0;
    }

    /**
     * The buffer handed to the handler: one view per top-level buffer, reused for every delivery
     * (position 0, limit at the end of the bytes, like a fresh slice), so that delivering costs no
     * allocation. A slice per delivery was nearly half of the core's garbage in an upload.
     */
    private ByteBuffer viewOf(ByteBuffer b) {
        if (topViewBase != b) {
            topView = b.duplicate();
            topViewBase = b;
        }
        topView.clear().limit(b.limit());
        return topView;
    }

    /** Whether a pass could move a byte now (see the class comment). */
    boolean serviceable() {
        for (int i = 0; i < stages.length; i++) {
            ByteBuffer b = rx[i];
            if (b != null && b.position() > 0 && !stalled[i] && i > closedStage) {
                ByteBuffer above = rx[i + 1];
                if (above == null || above.remaining() >= stages[i].decodeCapacity()) {
                    return true;
                }
            }
        }
        ByteBuffer top = rx[stages.length];
        return top != null && top.position() > 0 && !topStalled() && conn.mayDeliver();
    }

    /** The top level is stalled until more data arrives or reading is resumed after the stall. */
    private boolean topStalled() {
        return stalled[stages.length] && conn.resumeCount() == topStallResumes;
    }

    /**
     * A stage encoded something: its state may have changed (a handshake moved on), so levels that
     * stalled on it are worth trying again.
     */
    void unstallStages() {
        for (int i = 0; i < stages.length; i++) {
            stalled[i] = false;
        }
    }

    /** Whether the socket should be watched for input, given whether someone above wants it. */
    boolean wantsSocketRead(boolean demanded) {
        if (!demanded || socketEof || closedStage >= 0) {
            return false;
        }
        ByteBuffer b = rx[0];
        return b == null || b.hasRemaining();
    }

    /** Whether the peer ended its input, at the socket or at a stage's level. */
    boolean endReached() {
        return socketEof || closedStage >= 0;
    }

    boolean socketEof() {
        return socketEof;
    }

    /**
     * Whether the end of input has been reached and every byte before it that can reach the handler
     * has been offered. The first time the stages' levels are drained after a socket EOF, tells them
     * ({@link Stage#endOfInput()}), which throws on truncation.
     */
    boolean inputFullyDelivered() throws IOException {
        if (!endReached()) {
            return false;
        }
        for (int i = 0; i < stages.length; i++) {
            if (i > closedStage && rx[i] != null && rx[i].position() > 0 && !stalled[i]) {
                return false;
            }
        }
        if (!endOfInputSignalled) {
            endOfInputSignalled = true;
            for (int i = closedStage + 1; i < stages.length; i++) {
                if (!stages[i].isInboundDone()) {
                    stages[i].endOfInput();
                }
            }
        }
        ByteBuffer top = rx[stages.length];
        return top == null || top.position() == 0 || topStalled();
    }

    /**
     * Lingering close: reads and discards up to {@code max} bytes. Returns the bytes discarded, or
     * -1 once the peer's FIN has been seen.
     */
    long discard(long max) throws IOException {
        ByteBuffer b = buffer(0);
        long total = 0;
        while (total < max) {
            b.clear();
            if (b.remaining() > max - total) {
                b.limit((int) (max - total));
            }
            int r = socket.read(b);
            if (r < 0) {
                socketEof = true;
                b.clear();
                return -1;
            }
            if (r == 0) {
                break;
            }
            total += r;
        }
        b.clear();
        return total;
    }

    /** Gives back buffers that hold nothing, so idle connections cost no buffer memory. */
    void trim() {
        for (int i = 0; i < rx.length; i++) {
            if (rx[i] != null && rx[i].position() == 0) {
                dropView(rx[i]);
                pool.release(rx[i]);
                rx[i] = null;
            }
        }
    }

    void releaseAll() {
        for (int i = 0; i < rx.length; i++) {
            if (rx[i] != null) {
                dropView(rx[i]);
                pool.release(rx[i]);
                rx[i] = null;
            }
        }
    }

    /**
     * Level {@code i} holds what its consumer may need whole (stage {@code i}'s input unit, or for
     * the handler up to {@code readBufferSize} bytes it leaves unconsumed) plus room for one more
     * decode of stage {@code i - 1}: so a partial unit never keeps the next bytes out.
     */
    private int capacity(int level) {
        int unit = level < stages.length ? stages[level].inputUnitSize() : readSize;
        if (level == 0) {
            return Math.max(readSize, unit);
        }
        return Math.max(readSize, unit + stages[level - 1].decodeCapacity());
    }

    /** Forgets the view of {@code b} before {@code b} goes back to the pool (another connection may take it). */
    private void dropView(ByteBuffer b) {
        if (topViewBase == b) {
            topViewBase = null;
            topView = null;
        }
    }

    /** Whether the level below could still add bytes to {@code level} (the socket: any room at all). */
    private boolean roomAbove(int level) {
        ByteBuffer b = rx[level];
        if (b == null) {
            return true;
        }
        return level == 0 ? b.hasRemaining() : b.remaining() >= stages[level - 1].decodeCapacity();
    }

    private ByteBuffer buffer(int level) {
        ByteBuffer b = rx[level];
        if (b == null) {
            b = pool.acquire(capacity(level));
            rx[level] = b;
        }
        return b;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("in{read=").append(bytesRead);
        for (int i = 0; i < rx.length; i++) {
            boolean st = i == stages.length ? topStalled() : stalled[i];
            sb.append(", rx").append(i).append('=').append(rx[i] == null ? 0 : rx[i].position())
                    .append(st ? "(stalled)" : "");
        }
        if (socketEof) {
            sb.append(", eof");
        }
        if (closedStage >= 0) {
            sb.append(", closedAtStage=").append(closedStage);
        }
        return sb.append('}').toString();
    }
}
