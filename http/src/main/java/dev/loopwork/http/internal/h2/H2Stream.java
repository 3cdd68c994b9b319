package dev.loopwork.http.internal.h2;

import dev.loopwork.http.BodyConsumer;
import dev.loopwork.http.BodyControl;
import dev.loopwork.http.internal.BodyFlow;

import java.nio.ByteBuffer;

/**
 * One HTTP/2 stream of a request: its state (RFC 9113 §5.1, as the server sees it), the request
 * body's delivery and flow control, and its response.
 *
 * <h2>States</h2>
 * {@code OPEN} (the request body may come) → {@code HALF_CLOSED_REMOTE} (END_STREAM received) →
 * {@code CLOSED} once the response has sent END_STREAM too; {@code OPEN} → {@code HALF_CLOSED_LOCAL}
 * when the response ends first (then the server resets the rest with NO_ERROR, RFC 9113 §8.1);
 * any state → {@code CLOSED} on RST_STREAM either way.
 *
 * <h2>Pausing</h2>
 * {@link #pause()} touches this stream only: the connection keeps reading. DATA that the client
 * still sends within the window it was granted is held here (a copy, at most the stream window),
 * and no WINDOW_UPDATE is sent for this stream until the consumer has taken those bytes after
 * {@link #resume()}. The connection window is reopened only for bytes consumers took, so what all
 * paused streams hold together is bounded by the connection window.
 *
 * <h2>Threads</h2>
 * Loop thread, except {@link BodyControl} methods (any thread) and the response (any thread).
 */
final class H2Stream extends BodyFlow {

    enum State { OPEN, HALF_CLOSED_REMOTE, HALF_CLOSED_LOCAL, CLOSED }

    /** What a stream asks of its connection, from any thread: each request wakes the loop. */
    interface Owner {
        void requestFlush(H2Stream s);

        void requestDrain(H2Stream s);

        void requestReset(H2Stream s, ErrorCode code);

        boolean isWritable();
    }

    final Owner conn;
    final int id;
    H2Request request;
    H2Response response;
    BodyConsumer consumer;
    State state = State.OPEN;

    /** Bytes the client may still send on this stream. */
    long recvWindow;
    /** Bytes consumed since the last WINDOW_UPDATE of this stream. */
    int unacked;
    /** What the client may still send of the response... the client's window for our DATA. */
    long sendWindow;
    long arrived;
    /** END_STREAM (or trailers) received; the consumer hears onComplete once held bytes are taken. */
    boolean endReceived;
    boolean consumerDone;
    /** Reset sent or received: nothing more goes to the consumer or the wire. */
    boolean reset;
    long declaredLength;
    /** nanoTime since the response has waited for a window, or 0. */
    long blockedSince;
    long sentBytes;
    /** nanoTime when the current body-rate window started, and {@link #arrived} then. */
    long rateWindowStart = System.nanoTime();
    long rateWindowBytes;


    /** Bytes that arrived while paused: held[heldStart, heldEnd). */
    private byte[] held;
    private int heldStart;
    private int heldEnd;

    H2Stream(Owner conn, int id, long recvWindow, long sendWindow) {
        this.conn = conn;
        this.id = id;
        this.recvWindow = recvWindow;
        this.sendWindow = sendWindow;
    }

    /** Starts a new body-rate window now: the client is not to blame for the time before. */
    void restartRateWindow(long now) {
        rateWindowStart = now;
        rateWindowBytes = arrived;
    }

    boolean hasHeld() {
        return heldEnd > heldStart;
    }

    int heldBytes() {
        return heldEnd - heldStart;
    }

    /** Copies what is left of {@code data} after the bytes held already. */
    void hold(ByteBuffer data) {
        int n = data.remaining();
        if (held == null) {
            held = new byte[Math.max(n, 16 * 1024)];
        } else if (heldEnd + n > held.length) {
            int live = heldEnd - heldStart;
            if (live + n <= held.length) {
                System.arraycopy(held, heldStart, held, 0, live);
            } else {
                byte[] bigger = new byte[Math.max(live + n, held.length * 2)];
                System.arraycopy(held, heldStart, bigger, 0, live);
                held = bigger;
            }
            heldStart = 0;
            heldEnd = live;
        }
        data.get(held, heldEnd, n);
        heldEnd += n;
    }

    /**
     * Hands {@code data} to the consumer. Returns the bytes it took; bytes it left are the caller's
     * to hold. Throws what the consumer throws, and IllegalStateException for bytes left unpaused.
     */
    int deliver(ByteBuffer data) throws Exception {
        return offer(consumer, data);
    }

    /** Delivers held bytes while not paused; returns the bytes taken. */
    int deliverHeld() throws Exception {
        int total = 0;
        while (hasHeld() && !isPaused() && !reset) {
            ByteBuffer b = ByteBuffer.wrap(held, heldStart, heldEnd - heldStart);
            int used = deliver(b);
            heldStart += used;
            total += used;
            if (used == 0) {
                break;
            }
        }
        if (!hasHeld()) {
            held = null; // a paused stream's copy is not kept once delivered
            heldStart = heldEnd = 0;
        }
        return total;
    }

    /** Drops held bytes (the stream ended); returns how many. */
    int dropHeld() {
        int n = heldEnd - heldStart;
        held = null;
        heldStart = heldEnd = 0;
        return n;
    }

    // ---- response side ----

    void outputQueued() {
        conn.requestFlush(this);
    }

    boolean connectionWritable() {
        return conn.isWritable();
    }

    void resetLater(ErrorCode code) {
        conn.requestReset(this, code);
    }

    // ---- BodyControl (any thread) ----

    @Override
    protected void paused() {
        // nothing to do at once: this stream's WINDOW_UPDATE is withheld as its bytes are held
    }

    @Override
    protected void resumed() {
        conn.requestDrain(this);
    }

    @Override
    public long contentLength() {
        return request == null ? -1 : request.contentLength();
    }

    @Override
    public String toString() {
        return "H2Stream{" + id + ' ' + state + ", arrived=" + arrived + ", delivered=" + bytesReceived()
                + (hasHeld() ? ", held=" + heldBytes() : "") + ", recvWindow=" + recvWindow + ", sendWindow=" + sendWindow
                + (isPaused() ? ", paused" : "") + (endReceived ? ", endReceived" : "") + (reset ? ", reset" : "")
                + (response != null ? ", " + response : "") + '}';
    }
}
