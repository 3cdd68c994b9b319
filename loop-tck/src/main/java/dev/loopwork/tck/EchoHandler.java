package dev.loopwork.tck;

import dev.loopwork.Connection;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes back every byte it receives, with backpressure: when a write leaves the connection above
 * its high watermark it pauses reading, and resumes on {@code onWritable}. That is how an echo
 * server must behave so that a fast peer cannot grow its write queue without bound, and it exercises
 * pause/resume on every large transfer.
 */
class EchoHandler extends TckHandler {

    final AtomicLong echoed = new AtomicLong();
    private boolean pausedForWrites;

    EchoHandler(Violations violations) {
        super(violations);
    }

    @Override
    void data(Connection c, ByteBuffer data) throws Exception {
        int n = data.remaining();
        // The buffer is only valid during the call and write() takes ownership: send a copy.
        ByteBuffer copy = ByteBuffer.allocate(n);
        copy.put(data).flip();
        echoed.addAndGet(n);
        if (!c.write(copy) && !pausedForWrites) {
            pausedForWrites = true;
            c.pauseReading();
        }
    }

    @Override
    void writable(Connection c) throws Exception {
        if (pausedForWrites) {
            pausedForWrites = false;
            c.resumeReading();
        }
    }

    @Override
    public String toString() {
        return super.toString() + "{echoed=" + echoed + ", pausedForWrites=" + pausedForWrites + '}';
    }
}
