package dev.loopwork.tck;

import dev.loopwork.AbortedException;
import dev.loopwork.CloseTimeoutException;
import dev.loopwork.ClosedException;
import dev.loopwork.Connection;
import dev.loopwork.ConnectionOptions;
import dev.loopwork.LoopGroup;
import dev.loopwork.Server;
import dev.loopwork.ShutdownDeadlineException;
import dev.loopwork.SocketOptions;
import dev.loopwork.StalledInputException;
import dev.loopwork.UncleanCloseException;
import dev.loopwork.tls.TlsEngine;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cases of {@link ContractTck}. */
final class ContractCases {

    private static final long ECHO_BYTES = 8L * 1024 * 1024;
    /** More than the no-progress guard's limit of core-requested services in a row. */
    private static final int SLOW_RESUMES = 1_100;
    private static final int QUEUED = 8 * 1024 * 1024;

    private final TckContext ctx;

    ContractCases(TckContext ctx) {
        this.ctx = ctx;
    }

    /** Echoes by writing the delivered buffer itself, the way a new user writes an echo. */
    static final class NaturalEcho extends TckHandler {
        private final boolean movePosition;

        NaturalEcho(Violations v, boolean movePosition) {
            super(v);
            this.movePosition = movePosition;
        }

        @Override
        void data(Connection c, ByteBuffer data) {
            c.write(data);
            if (movePosition) {
                data.position(data.limit());
            }
        }
    }

    void naturalEcho(boolean movePosition) throws Exception {
        LoopGroup g = ctx.group();
        List<NaturalEcho> handlers = new CopyOnWriteArrayList<>();
        Server server = g.listen(TckContext.loopback(), setup -> {
            NaturalEcho h = new NaturalEcho(ctx.violations(), movePosition);
            handlers.add(h);
            return h;
        });
        Socket s = ctx.connect(server.localAddress());
        Payload payload = new Payload(121, ECHO_BYTES);
        CompletableFuture<Void> sent = ctx.async("echo-writer", () -> {
            Blocking.write(s.getOutputStream(), payload, 64 * 1024);
            s.shutdownOutput();
            return null;
        });
        MessageDigest back = Digests.sha256();
        long got = Blocking.readToEof(s.getInputStream(), back);
        ctx.await(sent, "the client's upload");
        assertEquals(ECHO_BYTES, got, "bytes echoed by c.write(data)" + (movePosition ? " + position moved" : "")
                + "; server: " + handlers);
        assertEquals(Digests.hex(payload.digest()), Digests.hex(back.digest()), "SHA-256 of what came back");
        assertNull(ctx.await(handlers.get(0).closed, "server onClosed"), "the echo closed cleanly");
    }

    void naturalEchoTls(TlsEngine engine) {
        TlsFixture tls = new TlsFixture(ctx, engine);
        LoopGroup g = ctx.group();
        List<NaturalEcho> handlers = new CopyOnWriteArrayList<>();
        Server server = g.listen(TckContext.loopback(), tls.server(setup -> {
            NaturalEcho h = new NaturalEcho(ctx.violations(), false);
            handlers.add(h);
            return h;
        }));
        Payload payload = new Payload(122, ECHO_BYTES);
        StreamClient client = new StreamClient(ctx.violations(), payload);
        ctx.await(g.connect(server.localAddress(), tls.client(setup -> client)), "TLS connect, " + engine);
        StreamClient.Result r = ctx.await(client.result, "TLS natural echo of " + ECHO_BYTES + " bytes; client: "
                + client + "; server: " + handlers);
        assertEquals(ECHO_BYTES, r.bytes(), "bytes echoed");
        assertEquals(Digests.hex(payload.digest()), Digests.hex(r.digest()), "SHA-256 of what came back over TLS "
                + "(a queued view of a reused buffer would change it)");
        assertNull(ctx.await(handlers.get(0).closed, "server onClosed"), "the echo closed cleanly");
    }

    /**
     * Leaves every byte and pauses; resumes from another thread; after {@code cycles} rounds it takes
     * the bytes.
     */
    static final class SlowHandler extends TckHandler {
        private final int cycles;
        private final ExecutorService resumer;
        private final MessageDigest digest = Digests.sha256();
        final CompletableFuture<byte[]> done = new CompletableFuture<>();
        final AtomicLong received = new AtomicLong();
        private final long expected;
        volatile int pauses;
        final AtomicLong resumesRun = new AtomicLong();
        final AtomicLong resumesFoundUnpaused = new AtomicLong();
        final java.util.concurrent.atomic.AtomicReference<Throwable> resumeFailure =
                new java.util.concurrent.atomic.AtomicReference<>();

        @Override
        public String toString() {
            return super.toString() + "{pauses=" + pauses + ", resumes run=" + resumesRun + ", of which found "
                    + "unpaused=" + resumesFoundUnpaused + ", resume failure=" + resumeFailure.get() + '}';
        }

        SlowHandler(Violations v, int cycles, long expected, ExecutorService resumer) {
            super(v);
            this.cycles = cycles;
            this.expected = expected;
            this.resumer = resumer;
        }

        @Override
        void data(Connection c, ByteBuffer data) {
            if (pauses < cycles) {
                pauses++;
                c.pauseReading();
                Runnable resume = () -> {
                    try {
                        if (!c.isReadingPaused()) {
                            resumesFoundUnpaused.incrementAndGet();
                        }
                        c.resumeReading();
                        resumesRun.incrementAndGet();
                    } catch (Throwable t) {
                        resumeFailure.compareAndSet(null, t);
                        throw t;
                    }
                };
                // Resumed from another thread, and every tenth time from a 1 ms timer of the loop.
                if (pauses % 10 == 0) {
                    c.loop().schedule(resume, 1, TimeUnit.MILLISECONDS);
                } else {
                    resumer.execute(resume);
                }
                return; // leaves every byte
            }
            received.addAndGet(data.remaining());
            digest.update(data);
            if (received.get() == expected) {
                done.complete(digest.digest());
            }
        }
    }

    void slowHandlerResumedLater() throws Exception {
        LoopGroup g = ctx.group();
        long total = 256 * 1024;
        List<SlowHandler> handlers = new CopyOnWriteArrayList<>();
        ExecutorService resumer = ctx.executor("slow-resumer");
        Server server = g.listen(TckContext.loopback(), setup -> {
            SlowHandler h = new SlowHandler(ctx.violations(), SLOW_RESUMES, total, resumer);
            handlers.add(h);
            return h;
        });
        Payload payload = new Payload(123, total);
        try (Socket s = ctx.connect(server.localAddress())) {
            Blocking.write(s.getOutputStream(), payload, 64 * 1024);
            s.getOutputStream().flush();
            SlowHandler h = ctx.await(ctx.async("first-handler", () -> {
                ctx.awaitUntil("the server accepted", () -> !handlers.isEmpty());
                return handlers.get(0);
            }), "server handler");
            // A connection closed early (the guard, a false stall) fails the case at once, with its cause.
            h.closed.thenAccept(cause -> h.done.completeExceptionally(new AssertionError(
                    "the slow handler's connection closed before every byte arrived; cause: " + cause + "; " + h, cause)));
            byte[] digest = ctx.await(h.done, "every byte, after " + SLOW_RESUMES + " pauses resumed later "
                    + "from another thread (the no-progress guard must not close a slow handler); handler: " + h);
            assertEquals(Digests.hex(payload.digest()), Digests.hex(digest), "SHA-256 of what the slow handler took");
            assertTrue(h.pauses >= SLOW_RESUMES, "pauses made: " + h.pauses);
            assertTrue(!h.closed.isDone(), "the slow handler's connection was closed: " + h.closed.getNow(null));
            s.shutdownOutput();
            assertEquals(-1, s.getInputStream().read(), "EOF after the client's FIN");
            assertNull(ctx.await(h.closed, "server onClosed"), "clean close");
        }
    }

    /** Pauses and resumes inside onData without taking a byte: a spin the guard must catch. */
    static final class Spinner extends TckHandler {
        Spinner(Violations v) {
            super(v);
        }

        @Override
        void data(Connection c, ByteBuffer data) {
            c.pauseReading();
            c.resumeReading();
        }
    }

    void spinningHandlerIsCaught() throws Exception {
        LoopGroup g = ctx.group(1);
        List<Spinner> spinners = new CopyOnWriteArrayList<>();
        Server spinning = g.listen(TckContext.loopback(), setup -> {
            Spinner h = new Spinner(ctx.violations());
            spinners.add(h);
            return h;
        });
        Server echo = g.listen(TckContext.loopback(), setup -> new NaturalEcho(ctx.violations(), false));
        try (Socket s = ctx.connect(spinning.localAddress())) {
            s.getOutputStream().write(new byte[100]);
            ctx.awaitUntil("the spinning connection was accepted", () -> !spinners.isEmpty());
            Throwable cause = ctx.await(spinners.get(0).closed, "onClosed of the spinning connection");
            assertInstanceOf(StalledInputException.class, cause, "cause of the spinning connection's close");
            try (Socket other = ctx.connect(echo.localAddress())) {
                other.getOutputStream().write(new byte[] {1, 2, 3});
                assertEquals(3, Blocking.readFully(other.getInputStream(), 3).length, "echo on the same loop");
            }
        }
    }

    /** Queues {@link #QUEUED} bytes at open, then closes; the peer never reads. */
    static final class QueueThenClose extends TckHandler {
        private final boolean close;
        final CompletableFuture<Void> queuedAll = new CompletableFuture<>();

        QueueThenClose(Violations v, boolean close) {
            super(v);
            this.close = close;
        }

        @Override
        void opened(Connection c) {
            Payload p = new Payload(124, QUEUED);
            while (p.hasRemaining()) {
                c.write(p.next(64 * 1024));
            }
            queuedAll.complete(null);
            if (close) {
                c.close();
            }
        }

        @Override
        void data(Connection c, ByteBuffer data) {
            data.position(data.limit());
        }

        @Override
        void shutdown(Connection c) {
            c.close();
        }
    }

    private Socket stalledPeer(Server server) throws IOException {
        Socket s = ctx.track(new Socket());
        s.setReceiveBufferSize(32 * 1024);
        s.connect(server.localAddress());
        return s;
    }

    void closeTimeoutHasACause() throws Exception {
        ConnectionOptions options = ConnectionOptions.builder().closeTimeout(Duration.ofMillis(300)).build();
        LoopGroup g = ctx.group(1, options);
        List<QueueThenClose> handlers = new CopyOnWriteArrayList<>();
        SocketOptions small = SocketOptions.builder().sendBufferSize(32 * 1024).build();
        Server server = g.listen(TckContext.loopback(), small, setup -> {
            QueueThenClose h = new QueueThenClose(ctx.violations(), true);
            handlers.add(h);
            return h;
        });
        stalledPeer(server);
        ctx.awaitUntil("accepted", () -> !handlers.isEmpty());
        Throwable cause = ctx.await(handlers.get(0).closed, "onClosed after the close timeout");
        CloseTimeoutException e = assertInstanceOf(CloseTimeoutException.class, cause,
                "a close that timed out and reset the connection must not report a clean close");
        assertTrue(e.unsentBytes() > 0, "bytes still queued at the timeout: " + e.unsentBytes());
    }

    void shutdownDeadlineAndAbortHaveCauses() throws Exception {
        LoopGroup g = ctx.group(1);
        List<QueueThenClose> handlers = new CopyOnWriteArrayList<>();
        SocketOptions small = SocketOptions.builder().sendBufferSize(32 * 1024).build();
        Server server = g.listen(TckContext.loopback(), small, setup -> {
            QueueThenClose h = new QueueThenClose(ctx.violations(), false);
            handlers.add(h);
            return h;
        });
        stalledPeer(server);
        stalledPeer(server);
        ctx.awaitUntil("both accepted", () -> handlers.size() == 2);
        Connection aborted = ctx.await(handlers.get(1).opened, "second connection open");
        ctx.await(handlers.get(1).queuedAll, "the second connection queued its bytes");
        aborted.abort();
        AbortedException a = assertInstanceOf(AbortedException.class,
                ctx.await(handlers.get(1).closed, "onClosed after abort()"), "abort() reports that it reset");
        assertTrue(a.unsentBytes() > 0, "bytes dropped by abort(): " + a.unsentBytes());

        ctx.await(g.shutdownGracefully(Duration.ofMillis(300)), "shutdownGracefully(300 ms)");
        Throwable cause = ctx.await(handlers.get(0).closed, "onClosed at the shutdown deadline");
        ShutdownDeadlineException e = assertInstanceOf(ShutdownDeadlineException.class, cause,
                "a connection reset at the shutdown deadline must not report a clean close");
        assertTrue(e.unsentBytes() > 0, "bytes still queued at the deadline: " + e.unsentBytes());
        assertInstanceOf(UncleanCloseException.class, e);
    }

    void peerResetIsAJdkException() throws Exception {
        LoopGroup g = ctx.group();
        List<QueueThenClose> handlers = new CopyOnWriteArrayList<>();
        SocketOptions small = SocketOptions.builder().sendBufferSize(32 * 1024).build();
        Server server = g.listen(TckContext.loopback(), small, setup -> {
            QueueThenClose h = new QueueThenClose(ctx.violations(), false);
            handlers.add(h);
            return h;
        });
        Socket s = stalledPeer(server);
        ctx.awaitUntil("accepted", () -> !handlers.isEmpty());
        ctx.await(handlers.get(0).opened, "open");
        s.setSoLinger(true, 0);
        s.close(); // RST, with the server's bytes still queued
        Throwable cause = ctx.await(handlers.get(0).closed, "onClosed after the peer's reset");
        assertNotNull(cause, "a reset by the peer with bytes queued is not a clean close");
        assertInstanceOf(IOException.class, cause, "cause of a peer reset");
        assertTrue(cause.getClass().getName().startsWith("java."), "a peer reset must reach the handler as a JDK "
                + "exception type, was " + cause.getClass().getName() + ": " + cause);
    }

    void writeRacingCloseIsNeverLost() throws Exception {
        LoopGroup g = ctx.group();
        for (int round = 0; round < 20; round++) {
            List<TckHandler> handlers = new CopyOnWriteArrayList<>();
            Server server = g.listen(TckContext.loopback(), setup -> {
                TckHandler h = new TckHandler(ctx.violations()) {
                    @Override
                    void data(Connection c, ByteBuffer data) {
                        data.position(data.limit());
                    }
                };
                handlers.add(h);
                return h;
            });
            try (Socket s = ctx.connect(server.localAddress())) {
                ctx.awaitUntil("accepted", () -> !handlers.isEmpty());
                Connection c = ctx.await(handlers.get(0).opened, "open");
                AtomicLong accepted = new AtomicLong();
                CompletableFuture<Long> writer = ctx.async("racing-writer", () -> {
                    byte[] chunk = new byte[1024];
                    while (true) {
                        try {
                            c.write(ByteBuffer.wrap(chunk));
                            accepted.addAndGet(chunk.length);
                        } catch (ClosedException e) {
                            return accepted.get();
                        }
                    }
                });
                CompletableFuture<Long> reader = ctx.async("racing-reader", () -> {
                    InputStream in = s.getInputStream();
                    byte[] b = new byte[64 * 1024];
                    long n = 0;
                    for (int r; (r = in.read(b)) >= 0; ) {
                        n += r;
                    }
                    // Our FIN ends the server's lingering drain at once (else it waits drainTimeout).
                    s.shutdownOutput();
                    return n;
                });
                long before = 16 * 1024 * (1 + round % 4);
                ctx.awaitUntil("some bytes written", () -> accepted.get() > before);
                c.close();
                long written = ctx.await(writer, "the racing writer ends with ClosedException");
                long read = ctx.await(reader, "the peer reads to EOF");
                Throwable cause = ctx.await(handlers.get(0).closed, "onClosed");
                if (cause == null) {
                    assertEquals(written, read, "round " + round + ": a clean close, yet bytes whose write() returned "
                            + "normally never reached the peer");
                }
            }
            ctx.await(server.closeAsync(), "server close");
        }
    }
}
