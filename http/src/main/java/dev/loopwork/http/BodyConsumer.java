package dev.loopwork.http;

import java.nio.ByteBuffer;

/**
 * Receives one request body (or one multipart part) as it arrives. All calls run on the
 * connection's loop thread, one at a time, in this order: any number of {@link #onChunk}, then
 * exactly one of {@link #onComplete} or {@link #onError}.
 *
 * <h2>Chunks</h2>
 * A chunk is a slice of the connection's own buffer: no byte is copied, and the buffer is valid
 * only during the call; copy what must outlive it. The consumer consumes bytes by advancing the
 * chunk's position (as {@code FileChannel.write} or {@code MessageDigest.update} do). It may leave
 * bytes only after it called {@link BodyControl#pause()}: they are offered again, first, after
 * {@link BodyControl#resume()}. Leaving bytes without pausing is a bug: the request fails with an
 * {@link IllegalStateException} and a 500.
 *
 * <h2>Errors</h2>
 * {@link #onError} is called when the body will not complete: a malformed chunk, a limit, a slow
 * client ({@link HttpException}), the connection closing or the response completing first
 * ({@link RequestAbortedException}), or an exception thrown by this consumer's own
 * {@code onChunk}/{@code onComplete}. It is the place to release what the consumer holds.
 */
public interface BodyConsumer {

    /** Consumes {@code chunk} (see the class comment); {@code control} pauses and resumes. */
    void onChunk(ByteBuffer chunk, BodyControl control) throws Exception;

    /** The whole body has arrived (for chunked bodies, including the trailers). */
    void onComplete() throws Exception;

    /** The body will not complete; see the class comment. Must not throw. */
    default void onError(Throwable cause) {
    }

    /** A consumer that drops every byte. */
    static BodyConsumer discard() {
        return Discard.INSTANCE;
    }

    /** The consumer behind {@link #discard()}. */
    final class Discard implements BodyConsumer {
        static final Discard INSTANCE = new Discard();

        private Discard() {
        }

        @Override
        public void onChunk(ByteBuffer chunk, BodyControl control) {
            chunk.position(chunk.limit());
        }

        @Override
        public void onComplete() {
        }

        @Override
        public String toString() {
            return "BodyConsumer.discard()";
        }
    }
}
