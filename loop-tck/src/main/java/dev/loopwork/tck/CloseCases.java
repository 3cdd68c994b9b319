package dev.loopwork.tck;

import dev.loopwork.Connection;
import dev.loopwork.LoopGroup;
import dev.loopwork.Server;
import dev.loopwork.SocketOptions;

import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Case 6: closing from every place a handler can be. From inside each callback the close must be
 * deferred until the callback returns ({@code onClosed} has not run yet, the close future is not yet
 * complete, {@code isOpen()} is already false); from another thread and twice it must be harmless.
 * In every variant {@code onClosed} runs exactly once (checked after the group has terminated, when
 * no later call is possible) and the close future completes.
 */
final class CloseCases {

    /** Bytes queued by the ON_WRITABLE variant: far more than the small socket buffers it uses hold. */
    private static final int QUEUED = 4 * 1024 * 1024;

    private final TckContext ctx;

    CloseCases(TckContext ctx) {
        this.ctx = ctx;
    }

    private static final class CloseIn extends TckHandler {
        private final Callback where;
        private final List<String> problems = new CopyOnWriteArrayList<>();
        volatile boolean closedInCallback;
        volatile boolean unwritableAfterQueueing;

        CloseIn(Violations v, Callback where) {
            super(v);
            this.where = where;
        }

        @Override
        void opened(Connection c) {
            if (where == Callback.ON_WRITABLE) {
                Payload p = new Payload(16, QUEUED);
                while (p.hasRemaining()) {
                    c.write(p.next(64 * 1024));
                }
                unwritableAfterQueueing = !c.isWritable();
            }
            if (where == Callback.ON_OPEN) {
                closeHere(c);
            }
        }

        @Override
        void data(Connection c, ByteBuffer data) {
            data.position(data.limit());
            if (where == Callback.ON_DATA) {
                closeHere(c);
            }
        }

        @Override
        void writable(Connection c) {
            if (where == Callback.ON_WRITABLE) {
                closeHere(c);
            }
        }

        @Override
        void inputShutdown(Connection c) {
            if (where == Callback.ON_INPUT_SHUTDOWN) {
                closeHere(c);
            } else {
                c.close();
            }
        }

        private void closeHere(Connection c) {
            if (closedInCallback) {
                return;
            }
            closedInCallback = true;
            CompletionStage<Void> f = c.close();
            if (closedCalls.get() != 0) {
                problems.add("onClosed ran inside close() called from " + where + ": the close must be deferred");
            }
            if (f.toCompletableFuture().isDone()) {
                problems.add("close() from " + where + " returned a completed future before the callback returned");
            }
            if (c.isOpen()) {
                problems.add("isOpen() is still true right after close() in " + where);
            }
            c.close(); // twice, still inside the callback
        }
    }

    void closeFromInsideCallback(Callback where) throws Exception {
        LoopGroup g = ctx.group();
        List<CloseIn> handlers = new CopyOnWriteArrayList<>();
        // Small send buffers let the ON_WRITABLE variant rise above the high watermark for sure.
        SocketOptions options = SocketOptions.builder().sendBufferSize(32 * 1024).build();
        Server server = g.listen(TckContext.loopback(), options, setup -> {
            CloseIn h = new CloseIn(ctx.violations(), where);
            handlers.add(h);
            return h;
        });
        Socket s = ctx.track(new Socket());
        s.setSoTimeout((int) ctx.settings().awaitTimeout().toMillis());
        s.setReceiveBufferSize(32 * 1024);
        s.connect(server.localAddress());
        InputStream in = s.getInputStream();
        switch (where) {
            case ON_OPEN -> assertEquals(-1, in.read(), "closed in onOpen: EOF expected");
            case ON_DATA -> {
                s.getOutputStream().write("close now".getBytes(StandardCharsets.US_ASCII));
                assertEquals(-1, in.read(), "closed in onData: EOF expected");
            }
            case ON_WRITABLE -> {
                MessageDigest d = Digests.sha256();
                assertEquals(QUEUED, Blocking.readToEof(in, d), "closed in onWritable: every queued byte, then EOF");
            }
            case ON_INPUT_SHUTDOWN -> {
                s.shutdownOutput();
                assertEquals(-1, in.read(), "closed in onInputShutdown: EOF expected");
            }
        }
        s.close();
        CloseIn h = handlers.get(0);
        Connection c = ctx.await(h.opened, "server side open");
        ctx.await(c.closeFuture(), "close future");
        assertNull(ctx.await(h.closed, "onClosed"), "a graceful close reports no cause");
        ctx.shutdown(g); // no callback can come after this: now "exactly once" can be checked
        if (where == Callback.ON_WRITABLE) {
            assertTrue(h.unwritableAfterQueueing, "queueing " + QUEUED + " bytes did not make the connection "
                    + "unwritable, so onWritable could not be tested");
        }
        assertTrue(h.closedInCallback, "the close was never made from " + where);
        assertTrue(h.problems.isEmpty(), String.join("; ", h.problems));
        assertEquals(1, h.closedCalls.get(), "onClosed calls");
        assertFalse(c.isOpen(), "isOpen() after close");
    }

    /** Does nothing but record; closes come from the test thread. */
    private static final class Passive extends TckHandler {
        Passive(Violations v) {
            super(v);
        }

        @Override
        void data(Connection c, ByteBuffer data) {
            data.position(data.limit());
        }
    }

    void closeFromAnotherThreadAndTwice(boolean thenAbort) throws Exception {
        LoopGroup g = ctx.group();
        List<Passive> handlers = new CopyOnWriteArrayList<>();
        Server server = g.listen(TckContext.loopback(), setup -> {
            Passive h = new Passive(ctx.violations());
            handlers.add(h);
            return h;
        });
        Socket s = ctx.connect(server.localAddress()); // closed below, and at teardown if a check fails first
        ctx.awaitUntil("the server side is open", () -> !handlers.isEmpty() && handlers.get(0).opened.isDone());
        Connection c = handlers.get(0).connection;
        assertFalse(c.loop().inLoop(), "the test thread is not a loop thread");
        c.close();
        assertFalse(c.isOpen(), "isOpen() right after close() from another thread");
        c.close();
        if (thenAbort) {
            c.abort(); // may turn the graceful close into a reset; must not call onClosed twice
            Blocking.readToEnd(s);
        } else {
            assertEquals(Blocking.End.EOF, Blocking.readToEnd(s), "graceful close: EOF, not a reset");
        }
        s.close(); // our FIN ends the server's lingering drain
        ctx.await(c.closeFuture(), "close future");
        if (!thenAbort) {
            assertNull(ctx.await(handlers.get(0).closed, "onClosed"), "a graceful close reports no cause");
        }
        ctx.shutdown(g);
        assertEquals(1, handlers.get(0).closedCalls.get(), "onClosed calls");
    }
}
