package dev.loopwork.bench.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/** Sends one upload per call, on a new connection, and waits for the acknowledged answer. */
public interface UploadClient extends AutoCloseable {

    /**
     * @param timeout the whole upload must finish within it; the connection is closed otherwise
     * @throws IOException if the upload fails, times out or is acknowledged with a wrong count
     */
    Sample upload(InetSocketAddress server, Wire wire, long bytes, Duration timeout) throws IOException;

    String description();

    @Override
    default void close() {
    }
}
