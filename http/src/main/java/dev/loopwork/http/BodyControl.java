package dev.loopwork.http;

/**
 * Flow control of one request body, handed to every {@link BodyConsumer#onChunk} call.
 *
 * <h2>Backpressure</h2>
 * {@link #pause()} stops the delivery of chunks once the current call returns, and pauses reading
 * the connection: once the buffers above the socket are full, the socket is not read any more and
 * TCP slows the client down, so memory stays flat whatever the client sends. {@link #resume()}
 * delivers again, starting with the bytes the consumer left in its last chunk. Time spent paused
 * does not count against the minimum body rate.
 *
 * <h2>Threads</h2>
 * Every method may be called from any thread, for example from the thread that finished writing
 * the last chunk. Calls after the request ended (completed or failed) have no effect.
 */
public interface BodyControl {

    /** Stops delivery after the current chunk. Idempotent. */
    void pause();

    /** Delivers again. Idempotent. */
    void resume();

    boolean isPaused();

    /** Body bytes delivered to the consumer so far. */
    long bytesReceived();

    /** The declared body length, or -1 for a chunked body. */
    long contentLength();
}
