package dev.loopwork.bench.client;

/**
 * One timed upload, seen from the client.
 *
 * @param bytes          body bytes sent (and acknowledged)
 * @param nanos          from the first body byte (after connect and TLS handshake) to the answer
 * @param clientCpuNanos CPU time of the client's thread over the same span
 */
public record Sample(long bytes, long nanos, long clientCpuNanos) {

    public double mbPerSecond() {
        return bytes / (nanos / 1e9) / 1e6;
    }
}
