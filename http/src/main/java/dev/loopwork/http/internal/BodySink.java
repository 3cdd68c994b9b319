package dev.loopwork.http.internal;

import java.nio.ByteBuffer;

/** Where a body decoder hands body bytes: slices of the input, never copies. */
interface BodySink {

    /**
     * Takes {@code data} (a slice valid during the call) and consumes bytes by advancing its
     * position. Returns {@code false} to stop decoding (the receiver paused); then unconsumed
     * bytes stay in the decoder's input.
     */
    boolean accept(ByteBuffer data) throws Exception;
}
