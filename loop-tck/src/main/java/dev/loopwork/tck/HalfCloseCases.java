package dev.loopwork.tck;

import dev.loopwork.ClosedException;
import dev.loopwork.Connection;
import dev.loopwork.LoopGroup;
import dev.loopwork.Server;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Case 5: half close and the two ways of closing. A half-closed connection goes on in the other
 * direction; a graceful close delivers every queued byte before FIN, and keeps reading (discarding)
 * for a while so that a peer still sending gets the answer rather than a reset (lingering close);
 * {@code abort()} resets.
 */
final class HalfCloseCases {

    private final TckContext ctx;

    HalfCloseCases(TckContext ctx) {
        this.ctx = ctx;
    }

    /** Collects what arrives; at the peer's FIN writes "got N:" and the bytes back, then closes. */
    private static final class ReplyAtEof extends TckHandler {
        private final ByteArrayOutputStream collected = new ByteArrayOutputStream();

        ReplyAtEof(Violations v) {
            super(v);
        }

        @Override
        void data(Connection c, ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            collected.write(b, 0, b.length);
        }

        @Override
        void inputShutdown(Connection c) {
            c.write(ByteBuffer.wrap(("got " + collected.size() + ':').getBytes(StandardCharsets.US_ASCII)),
                    ByteBuffer.wrap(collected.toByteArray()));
            c.close();
        }
    }

    /** Sends a message and FIN at once; collects the answer until the peer's FIN. */
    private static final class SendAndHalfClose extends TckHandler {
        final CompletableFuture<byte[]> answer = new CompletableFuture<>();
        final CompletableFuture<Throwable> writeAfterShutdown = new CompletableFuture<>();
        private final byte[] message;
        private final ByteArrayOutputStream collected = new ByteArrayOutputStream();

        SendAndHalfClose(Violations v, byte[] message) {
            super(v);
            this.message = message;
        }

        @Override
        void opened(Connection c) {
            c.write(ByteBuffer.wrap(message.clone()));
            c.shutdownOutput();
        }

        @Override
        void data(Connection c, ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            collected.write(b, 0, b.length);
        }

        @Override
        void inputShutdown(Connection c) {
            answer.complete(collected.toByteArray());
            try {
                c.write(ByteBuffer.wrap(new byte[] {1}));
                writeAfterShutdown.complete(null);
            } catch (Throwable t) {
                writeAfterShutdown.complete(t);
            }
            c.close();
        }

        @Override
        void closedHook(Connection c, Throwable cause) {
            answer.completeExceptionally(new AssertionError("closed before the answer's end", cause));
        }
    }

    void clientShutdownOutputServerStillWrites() {
        LoopGroup g = ctx.group();
        Server server = g.listen(TckContext.loopback(), setup -> new ReplyAtEof(ctx.violations()));
        byte[] message = new byte[100_000];
        new Payload(12, message.length).next(message, 0, message.length);
        SendAndHalfClose client = new SendAndHalfClose(ctx.violations(), message);
        ctx.await(g.connect(server.localAddress(), setup -> client), "connect");
        byte[] answer = ctx.await(client.answer, "the server's answer after our FIN");
        byte[] prefix = ("got " + message.length + ':').getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(prefix);
        expected.writeBytes(message);
        assertEquals(expected.size(), answer.length, "answer length (the server must see every byte before "
                + "onInputShutdown, then still be able to write)");
        assertArrayEquals(expected.toByteArray(), answer, "answer bytes");
        Throwable afterShutdown = ctx.await(client.writeAfterShutdown, "write after shutdownOutput");
        assertTrue(afterShutdown instanceof ClosedException, "write after shutdownOutput() must throw "
                + "ClosedException, got " + afterShutdown);
        assertNull(ctx.await(client.closed, "client onClosed"), "clean close: no cause");
    }

    /** Greets and half-closes at once; then receives until the peer's FIN. */
    private static final class GreetAndHalfClose extends TckHandler {
        final CompletableFuture<StreamClient.Result> received = new CompletableFuture<>();
        final CompletableFuture<Throwable> writeAfterShutdown = new CompletableFuture<>();
        private final MessageDigest digest = Digests.sha256();
        private long bytes;

        GreetAndHalfClose(Violations v) {
            super(v);
        }

        @Override
        void opened(Connection c) {
            c.write(ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.US_ASCII)));
            c.shutdownOutput();
        }

        @Override
        void data(Connection c, ByteBuffer data) {
            bytes += data.remaining();
            digest.update(data);
        }

        @Override
        void inputShutdown(Connection c) {
            received.complete(new StreamClient.Result(bytes, digest.digest()));
            try {
                c.write(ByteBuffer.wrap(new byte[] {1}));
                writeAfterShutdown.complete(null);
            } catch (Throwable t) {
                writeAfterShutdown.complete(t);
            }
            c.close();
        }
    }

    void serverShutdownOutputClientStillSends() throws Exception {
        LoopGroup g = ctx.group();
        List<GreetAndHalfClose> handlers = new CopyOnWriteArrayList<>();
        Server server = g.listen(TckContext.loopback(), setup -> {
            GreetAndHalfClose h = new GreetAndHalfClose(ctx.violations());
            handlers.add(h);
            return h;
        });
        Payload payload = new Payload(13, 1024 * 1024);
        try (Socket s = ctx.connect(server.localAddress())) {
            InputStream in = s.getInputStream();
            assertArrayEquals("hello\n".getBytes(StandardCharsets.US_ASCII), Blocking.readFully(in, 6), "greeting");
            assertEquals(-1, in.read(), "the server shut its output: EOF expected after the greeting");
            Blocking.write(s.getOutputStream(), payload, 64 * 1024); // the other direction still works
            s.shutdownOutput();
            assertEquals(-1, in.read(), "still EOF");
        }
        StreamClient.Result r = ctx.await(handlers.get(0).received, "the server's end of input");
        assertEquals(payload.length(), r.bytes(), "bytes the half-closed server received");
        assertEquals(Digests.hex(payload.digest()), Digests.hex(r.digest()), "SHA-256 of what the server received");
        Throwable afterShutdown = ctx.await(handlers.get(0).writeAfterShutdown, "write after shutdownOutput");
        assertTrue(afterShutdown instanceof ClosedException, "write after shutdownOutput() must throw "
                + "ClosedException, got " + afterShutdown);
    }

    /** Writes {@code bytes} of payload at once, then closes gracefully. */
    private static final class WriteAllThenClose extends TckHandler {
        private final Payload payload;

        WriteAllThenClose(Violations v, Payload payload) {
            super(v);
            this.payload = payload;
        }

        @Override
        void opened(Connection c) {
            while (payload.hasRemaining()) {
                c.write(payload.next(64 * 1024)); // far beyond the watermark: allowed, it is advice
            }
            c.close();
        }

        @Override
        void data(Connection c, ByteBuffer data) {
            data.position(data.limit());
        }
    }

    void gracefulCloseDeliversEveryByte() throws Exception {
        LoopGroup g = ctx.group();
        Payload payload = new Payload(14, 8L * 1024 * 1024);
        List<WriteAllThenClose> handlers = new CopyOnWriteArrayList<>();
        Server server = g.listen(TckContext.loopback(), setup -> {
            WriteAllThenClose h = new WriteAllThenClose(ctx.violations(), payload);
            handlers.add(h);
            return h;
        });
        MessageDigest digest = Digests.sha256();
        long n;
        try (Socket s = ctx.connect(server.localAddress())) {
            n = Blocking.readToEof(s.getInputStream(), digest);
        }
        // Awaited before touching the payload: the handler produced it on the loop thread.
        assertNull(ctx.await(handlers.get(0).closed, "server onClosed"), "clean close: no cause");
        assertEquals(payload.length(), n, "bytes read before EOF: close() must flush everything queued");
        assertEquals(Digests.hex(payload.digest()), Digests.hex(digest.digest()), "SHA-256 of what was read");
    }

    /** Answers the first bytes and closes at once, while the peer is still sending. */
    private static final class AnswerAndClose extends TckHandler {
        static final byte[] ANSWER = "HTTP/1.1 413 Content Too Large\r\nconnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        private boolean answered;

        AnswerAndClose(Violations v) {
            super(v);
        }

        @Override
        void data(Connection c, ByteBuffer data) {
            data.position(data.limit());
            if (!answered) {
                answered = true;
                c.write(ByteBuffer.wrap(ANSWER.clone()));
                c.close();
            }
        }
    }

    void lingeringCloseLetsTheSendingPeerReadTheAnswer() throws Exception {
        LoopGroup g = ctx.group();
        Server server = g.listen(TckContext.loopback(), setup -> new AnswerAndClose(ctx.violations()));
        // Less than the default drain bound (4 MiB): a conforming core reads and discards all of it.
        Payload upload = new Payload(15, 1024 * 1024);
        Socket s = ctx.connect(server.localAddress());
        CompletableFuture<Void> writer = ctx.async("upload-writer", () -> {
            Blocking.write(s.getOutputStream(), upload, 16 * 1024);
            s.shutdownOutput();
            return null;
        });
        InputStream in = s.getInputStream();
        try {
            assertArrayEquals(AnswerAndClose.ANSWER, Blocking.readFully(in, AnswerAndClose.ANSWER.length),
                    "the answer written before close()");
            assertEquals(-1, in.read(), "EOF after the answer");
        } catch (SocketException e) {
            fail("the peer got '" + e.getMessage() + "' instead of the answer and EOF: close() must drain input "
                    + "for a while after FIN (lingering close) instead of resetting a sending peer", e);
        }
        ctx.await(writer, "the uploader to finish sending (its bytes must be drained, not reset)");
        s.close();
    }

    /** Aborts as soon as data arrives. */
    private static final class AbortOnData extends TckHandler {
        AbortOnData(Violations v) {
            super(v);
        }

        @Override
        void data(Connection c, ByteBuffer data) {
            c.abort();
            c.abort(); // idempotent
        }
    }

    void abortResetsThePeer() throws Exception {
        LoopGroup g = ctx.group();
        List<AbortOnData> handlers = new CopyOnWriteArrayList<>();
        Server server = g.listen(TckContext.loopback(), setup -> {
            AbortOnData h = new AbortOnData(ctx.violations());
            handlers.add(h);
            return h;
        });
        try (Socket s = ctx.connect(server.localAddress())) {
            OutputStream out = s.getOutputStream();
            out.write("abort me".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            SocketException e = assertThrows(SocketException.class, () -> s.getInputStream().read(),
                    "abort() must reset the connection: the peer's read must fail, not see EOF");
            assertTrue(Blocking.isReset(e), "expected 'Connection reset', got " + e);
        }
        ctx.await(handlers.get(0).closed, "server onClosed after abort()");
        assertEquals(1, handlers.get(0).closedCalls.get(), "onClosed calls");
    }
}
