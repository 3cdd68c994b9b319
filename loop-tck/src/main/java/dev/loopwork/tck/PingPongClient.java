package dev.loopwork.tck;

import dev.loopwork.Connection;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A client handler that sends messages one at a time to an echo server and waits for each to come
 * back whole and unchanged before sending the next; {@link #done} completes after the last one,
 * then the connection is closed.
 */
final class PingPongClient extends TckHandler {

    final CompletableFuture<Integer> done = new CompletableFuture<>();
    private final List<byte[]> messages;
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();
    private int index;

    PingPongClient(Violations violations, List<byte[]> messages) {
        super(violations);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("no messages to send");
        }
        this.messages = messages;
    }

    @Override
    void opened(Connection c) {
        c.write(ByteBuffer.wrap(messages.get(0).clone()));
    }

    @Override
    void data(Connection c, ByteBuffer data) {
        byte[] expected = messages.get(index);
        int n = Math.min(data.remaining(), expected.length - current.size());
        byte[] got = new byte[n];
        data.get(got);
        current.write(got, 0, n);
        if (data.hasRemaining()) {
            fail(c, "message " + index + ": " + data.remaining() + " bytes more than the " + expected.length + " sent");
            return;
        }
        if (current.size() < expected.length) {
            return;
        }
        if (!Arrays.equals(expected, current.toByteArray())) {
            fail(c, "message " + index + " (" + expected.length + " bytes) came back changed");
            return;
        }
        current.reset();
        if (++index == messages.size()) {
            done.complete(index);
            c.close();
        } else {
            c.write(ByteBuffer.wrap(messages.get(index).clone()));
        }
    }

    private void fail(Connection c, String what) {
        done.completeExceptionally(new AssertionError(what));
        c.abort();
    }

    @Override
    void closedHook(Connection c, Throwable cause) {
        if (!done.isDone()) {
            done.completeExceptionally(new AssertionError("closed after " + index + " of " + messages.size()
                    + " messages came back", cause));
        }
    }
}
