package dev.loopwork;

/**
 * What a {@link Stage} may reach of its connection. Every method is for the loop thread, except
 * {@link #requestDrive()} which any thread may call.
 */
public interface StageContext {

    Connection connection();

    boolean isClient();

    BufferPool buffers();

    /**
     * Asks the core to run the connection's decode/encode cycle again soon, for example after
     * work the stage did off the loop. Coalesced: many requests before the cycle runs make one.
     */
    void requestDrive();

    /** Fails the connection with {@code cause} (aborts it and reports the cause to the handler). */
    void fail(Throwable cause);
}
