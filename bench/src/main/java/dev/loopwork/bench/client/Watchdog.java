package dev.loopwork.bench.client;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bounds a blocking upload in time: closing the channel from another thread makes the blocked
 * write or read throw, so a stalled server fails its case instead of hanging the run.
 */
final class Watchdog implements AutoCloseable {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "upload-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final ScheduledFuture<?> task;
    private volatile boolean fired;

    Watchdog(SocketChannel channel, Duration timeout) {
        task = TIMER.schedule(() -> {
            fired = true;
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing is all we wanted
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Turns the exception a closed channel causes into one that says what happened. */
    IOException explain(IOException e, Duration timeout) {
        return fired ? new IOException("upload did not finish within " + timeout, e) : e;
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
