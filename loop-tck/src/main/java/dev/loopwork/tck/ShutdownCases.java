package dev.loopwork.tck;

import dev.loopwork.ClosedException;
import dev.loopwork.Connection;
import dev.loopwork.Loop;
import dev.loopwork.LoopGroup;
import dev.loopwork.Server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Case 9: shutting a group down. With transfers in flight in both directions, from Loopwork clients
 * of the same group and from blocking JDK peers, {@code shutdownGracefully} must complete and leave
 * nothing open. Called from a callback it must work too, and handlers get {@code onShutdown} to
 * finish their work (here: a last word to the peer). A handler that ignores {@code onShutdown} is
 * aborted at the deadline. Afterwards the group refuses new work with typed exceptions.
 */
final class ShutdownCases {

    private static final long ENDLESS = 1L << 40; // transfers that cannot finish before the shutdown

    private final TckContext ctx;

    ShutdownCases(TckContext ctx) {
        this.ctx = ctx;
    }

    void shutdownWithTransfersInFlight() throws Exception {
        LoopGroup g = ctx.group();
        List<EchoHandler> servers = new CopyOnWriteArrayList<>();
        Server server = g.listen(TckContext.loopback(), setup -> {
            EchoHandler h = new EchoHandler(ctx.violations());
            servers.add(h);
            return h;
        });
        List<StreamClient> clients = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            StreamClient client = new StreamClient(ctx.violations(), new Payload(20 + i, ENDLESS));
            clients.add(client);
            ctx.await(g.connect(server.localAddress(), setup -> client), "connect of streaming client " + i);
        }
        List<CompletableFuture<?>> peers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Socket s = ctx.connect(server.localAddress());
            peers.add(ctx.async("inflight-writer-" + i, () -> writeUntilFailure(s.getOutputStream())));
            peers.add(ctx.async("inflight-reader-" + i, () -> Blocking.readToEnd(s)));
        }
        ctx.awaitUntil("every transfer is under way (1 MiB echoed on each of 4 connections)",
                () -> servers.size() == 4 && servers.stream().allMatch(h -> h.echoed.get() > 1024 * 1024));

        CompletionStage<Void> done = g.shutdownGracefully(Duration.ofSeconds(3));
        assertTrue(g.isShuttingDown(), "isShuttingDown() right after shutdownGracefully()");
        ctx.await(done, "shutdownGracefully with transfers in flight");
        assertTrue(g.terminationFuture().toCompletableFuture().isDone(), "terminationFuture after shutdown");
        assertEquals(0, g.connectionCount(), "connections left after shutdown");
        for (StreamClient c : clients) {
            assertEquals(1, c.closedCalls.get(), "onClosed calls of a client in the group: " + c);
        }
        for (EchoHandler h : servers) {
            assertEquals(1, h.closedCalls.get(), "onClosed calls of a server connection: " + h);
        }
        for (CompletableFuture<?> peer : peers) {
            ctx.await(peer, "a JDK peer to see its connection end");
        }
        ctx.await(g.shutdownGracefully(Duration.ofSeconds(1)), "a second shutdownGracefully (idempotent)");
        refusesNewWork(g);
    }

    /** Writes until the connection fails (the group went away); bounded by {@link #ENDLESS} bytes. */
    private static long writeUntilFailure(OutputStream out) {
        byte[] chunk = new byte[64 * 1024];
        long written = 0;
        try {
            while (written < ENDLESS) {
                out.write(chunk);
                written += chunk.length;
            }
        } catch (IOException expected) {
            // reset or broken pipe once the server side is gone
        }
        return written;
    }

    /** Says goodbye in onShutdown; the first connection to receive "shutdown" shuts the group down. */
    private static final class Farewell extends TckHandler {
        private final AtomicReference<LoopGroup> group;
        private final CompletableFuture<CompletionStage<Void>> shutdownStage;

        Farewell(Violations v, AtomicReference<LoopGroup> group, CompletableFuture<CompletionStage<Void>> stage) {
            super(v);
            this.group = group;
            this.shutdownStage = stage;
        }

        @Override
        void data(Connection c, ByteBuffer data) {
            data.position(data.limit());
            if (!shutdownStage.isDone()) {
                shutdownStage.complete(group.get().shutdownGracefully(Duration.ofSeconds(5)));
            }
        }

        @Override
        void shutdown(Connection c) {
            c.write(ByteBuffer.wrap("bye\n".getBytes(StandardCharsets.US_ASCII)));
            c.close();
        }
    }

    void shutdownFromACallbackLetsHandlersSayGoodbye() throws Exception {
        AtomicReference<LoopGroup> ref = new AtomicReference<>();
        CompletableFuture<CompletionStage<Void>> stage = new CompletableFuture<>();
        LoopGroup g = ctx.group();
        ref.set(g);
        Server server = g.listen(TckContext.loopback(), setup -> new Farewell(ctx.violations(), ref, stage));
        Socket a = ctx.connect(server.localAddress());
        Socket b = ctx.connect(server.localAddress());
        ctx.awaitUntil("both connections are open", () -> g.connectionCount() == 2);
        a.getOutputStream().write("shutdown".getBytes(StandardCharsets.US_ASCII));
        for (Socket s : List.of(a, b)) {
            InputStream in = s.getInputStream();
            assertArrayEquals("bye\n".getBytes(StandardCharsets.US_ASCII), Blocking.readFully(in, 4),
                    "what onShutdown wrote before closing");
            assertEquals(-1, in.read(), "EOF after the goodbye");
            s.close(); // our FIN ends the server's lingering drain
        }
        ctx.await(ctx.await(stage, "shutdownGracefully called from onData"), "the shutdown started in a callback");
        ctx.await(g.terminationFuture(), "terminationFuture");
        assertEquals(0, g.connectionCount(), "connections left");
    }

    /** Ignores onShutdown: the group must abort it at the deadline. */
    private static final class Stubborn extends TckHandler {
        Stubborn(Violations v) {
            super(v);
        }

        @Override
        void data(Connection c, ByteBuffer data) {
            data.position(data.limit());
        }

        @Override
        void shutdown(Connection c) {
            // keeps the connection open on purpose
        }
    }

    void deadlineAbortsWhatIsLeft() throws Exception {
        LoopGroup g = ctx.group();
        List<Stubborn> handlers = new CopyOnWriteArrayList<>();
        Server server = g.listen(TckContext.loopback(), setup -> {
            Stubborn h = new Stubborn(ctx.violations());
            handlers.add(h);
            return h;
        });
        Socket s = ctx.connect(server.localAddress());
        ctx.awaitUntil("the connection is open", () -> g.connectionCount() == 1);
        ctx.await(g.shutdownGracefully(Duration.ofMillis(300)), "shutdownGracefully with a handler that ignores it");
        Blocking.readToEnd(s); // EOF or reset, but it must end
        assertEquals(1, handlers.get(0).closedCalls.get(), "onClosed calls of the aborted connection");
        assertEquals(0, g.connectionCount(), "connections left");
        refusesNewWork(g);
    }

    private void refusesNewWork(LoopGroup g) {
        assertThrows(ClosedException.class, () -> g.listen(TckContext.loopback(),
                setup -> new EchoHandler(ctx.violations())), "listen() on a group that was shut down");
        try {
            CompletionStage<Connection> c = g.connect(TckContext.loopback(), setup -> new EchoHandler(ctx.violations()));
            Throwable failure = ctx.awaitFailure(c, "connect() on a group that was shut down");
            assertTrue(chainHas(failure, ClosedException.class),
                    "connect() after shutdown must fail with ClosedException, got " + failure);
        } catch (ClosedException thrownAtOnce) {
            // as good as a failed stage
        }
        for (Loop loop : g.loops()) {
            assertThrows(RejectedExecutionException.class, () -> loop.execute(() -> { }),
                    "execute() on a loop of a terminated group");
        }
    }

    private static boolean chainHas(Throwable t, Class<? extends Throwable> type) {
        for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
