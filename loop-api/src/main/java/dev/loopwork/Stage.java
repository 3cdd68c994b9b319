package dev.loopwork;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A byte transformer between the socket and the handler, such as TLS. Modelled on
 * {@link javax.net.ssl.SSLEngine}: the core owns every buffer, the stage only moves bytes from a
 * source to a destination and says why it stopped. That is what lets the core see every byte that
 * is buffered above the socket (pending input) and deliver it whatever the loop does.
 *
 * <h2>Directions</h2>
 * {@link #decode} turns bytes from below (the socket side) into bytes for above; {@link #encode}
 * does the reverse. A stage must not keep input it has not reported as consumed: a partial unit is
 * left in {@code src} with {@link StageResult.Status#NEED_INPUT}, and the core hands it back with
 * more bytes appended.
 *
 * <h2>Bytes of its own</h2>
 * A stage may need to send bytes the application did not write (handshake, close_notify): it says
 * so with {@link #needsEncode()}, and the core then calls {@code encode} with no source bytes. It
 * may need input while the application has paused reading (a handshake): {@link #needsDecode()}.
 *
 * <h2>Threads</h2>
 * Every method runs on the connection's loop thread.
 */
public interface Stage {

    /** Called once, on the loop thread, before any byte moves. */
    default void start(StageContext context) throws IOException {
    }

    /** Decodes bytes between {@code src}'s position and limit into {@code dst}. */
    StageResult decode(ByteBuffer src, ByteBuffer dst) throws IOException;

    /** Encodes bytes of {@code srcs[offset .. offset+length)} into {@code dst}; {@code length} may be 0. */
    StageResult encode(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws IOException;

    /**
     * The smallest {@code dst} that {@link #decode} can always make progress into. Constant: the
     * core sizes its buffers once.
     */
    int decodeCapacity();

    /**
     * The smallest {@code dst} that {@link #encode} can always make progress into. Constant.
     */
    int encodeCapacity();

    /**
     * The largest unit {@link #decode} may need whole in {@code src} before it can move anything
     * (for TLS, a record with its header). The core's buffer in front of the stage holds at least
     * this many bytes; a stage that still answers {@link StageResult.Status#NEED_INPUT} with a full
     * source fails its connection with {@link StalledInputException}. Constant; default 1.
     */
    default int inputUnitSize() {
        return 1;
    }

    /** Whether the stage has bytes of its own to encode now (handshake, close_notify, ...). */
    default boolean needsEncode() {
        return false;
    }

    /** Whether the stage needs input now even if the application paused reading (handshake). */
    default boolean needsDecode() {
        return false;
    }

    /** Whether the stage lets application data through yet; the handler is opened once all are. */
    default boolean isEstablished() {
        return true;
    }

    /**
     * Starts the graceful end of output; afterwards {@link #needsEncode()} reports the closing bytes.
     * The core calls it once everything written above this stage has been encoded by it, so a stage
     * never has to hold application data back from its goodbye.
     */
    default void closeOutbound() {
    }

    /** Whether all the closing bytes have been produced (after {@link #closeOutbound()}). */
    default boolean isOutboundDone() {
        return true;
    }

    /** Whether the peer ended its side at this stage's level (e.g. TLS close_notify received). */
    default boolean isInboundDone() {
        return false;
    }

    /**
     * The socket reached end of input. Throw if that is not a clean end at this stage's level
     * (e.g. TLS without close_notify: truncation).
     */
    default void endOfInput() throws IOException {
    }

    /** The connection is closed; free what the stage holds. Called exactly once. */
    default void release() {
    }
}
