package dev.loopwork.http;

/**
 * Receives the parts of a {@code multipart/form-data} body as streams; see {@link Multipart}.
 * Every call runs on the connection's loop thread, in the order: ({@link #onPart} and that part's
 * consumer calls)*, then {@link #onComplete} or {@link #onError}.
 */
public interface PartHandler {

    /**
     * A part's head has arrived. Returns the consumer of its content, or {@code null} to skip it.
     * The consumer gets the part's bytes by {@link BodyConsumer#onChunk}, then
     * {@link BodyConsumer#onComplete} when the part ends, or {@link BodyConsumer#onError} if the
     * body fails while the part is open.
     */
    BodyConsumer onPart(Part part) throws Exception;

    /** The closing delimiter and the end of the body have arrived. */
    void onComplete() throws Exception;

    /** The body failed (after the open part's consumer was told). Must not throw. */
    default void onError(Throwable cause) {
    }
}
