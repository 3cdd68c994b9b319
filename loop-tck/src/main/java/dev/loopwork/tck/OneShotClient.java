package dev.loopwork.tck;

import dev.loopwork.Connection;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * A client handler that stays idle until {@link #send} is called (from any thread), then expects its
 * message back from an echo server; {@link #echoed} completes once it has come back unchanged.
 * Used to hold many connections open at once before any of them talks.
 */
final class OneShotClient extends TckHandler {

    final CompletableFuture<Void> echoed = new CompletableFuture<>();
    private final byte[] message;
    private final byte[] received;
    private int receivedBytes;

    OneShotClient(Violations violations, byte[] message) {
        super(violations);
        this.message = message;
        this.received = new byte[message.length];
    }

    /** Queues the message; a call from a foreign thread is handed to the loop by the connection. */
    void send() {
        connection.write(ByteBuffer.wrap(message.clone()));
    }

    @Override
    void data(Connection c, ByteBuffer data) {
        int n = data.remaining();
        if (receivedBytes + n > message.length) {
            echoed.completeExceptionally(new AssertionError(c + ": " + (receivedBytes + n)
                    + " bytes came back, " + message.length + " were sent"));
            data.position(data.limit());
            return;
        }
        data.get(received, receivedBytes, n);
        receivedBytes += n;
        if (receivedBytes == message.length) {
            if (Arrays.equals(message, received)) {
                echoed.complete(null);
            } else {
                echoed.completeExceptionally(new AssertionError(c + ": the echo differs from what was sent"));
            }
        }
    }

    @Override
    void closedHook(Connection c, Throwable cause) {
        if (!echoed.isDone()) {
            echoed.completeExceptionally(new AssertionError(c + " closed after " + receivedBytes + " of "
                    + message.length + " echoed bytes", cause));
        }
    }
}
