package dev.loopwork.tck;

import dev.loopwork.ClosedException;
import dev.loopwork.Connection;
import dev.loopwork.ConnectionInitializer;
import dev.loopwork.LoopGroup;
import dev.loopwork.Server;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Misuse gets a typed exception that names what was wrong, never a silent no-op, a hang or a
 * misleading error: null arguments, a port already in use, writing to a closed connection,
 * connecting to nobody. ({@code LoopOps.register} off the loop thread is in {@link RawLoopCases}.)
 */
final class MisuseCases {

    private final TckContext ctx;

    MisuseCases(TckContext ctx) {
        this.ctx = ctx;
    }

    private ConnectionInitializer echo() {
        return setup -> new EchoHandler(ctx.violations());
    }

    void nullArguments() {
        LoopGroup g = ctx.group();
        assertThrows(IllegalArgumentException.class, () -> g.listen(TckContext.loopback(), null),
                "listen() with a null initializer");
        assertThrows(IllegalArgumentException.class, () -> g.listen(null, echo()), "listen() with a null address");
        assertThrows(IllegalArgumentException.class,
                () -> g.listen(InetSocketAddress.createUnresolved("localhost", 0), echo()),
                "listen() with an unresolved address");
        Server server = g.listen(TckContext.loopback(), echo());
        try {
            CompletionStage<Connection> c = g.connect(server.localAddress(), null);
            Throwable failure = ctx.awaitFailure(c, "connect() with a null initializer");
            assertTrue(failure instanceof IllegalArgumentException || failure instanceof NullPointerException,
                    "connect() with a null initializer must fail with IllegalArgumentException or "
                            + "NullPointerException, got " + failure);
        } catch (IllegalArgumentException | NullPointerException thrownAtOnce) {
            // as good as a failed stage
        }
    }

    void listenOnAPortInUse() throws Exception {
        LoopGroup g = ctx.group();
        ServerSocket taken = ctx.track(new ServerSocket(0, 50, TckContext.loopback().getAddress()));
        InetSocketAddress address = (InetSocketAddress) taken.getLocalSocketAddress();
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> g.listen(address, echo()),
                "listen() on a port in use");
        assertTrue(e.getCause() instanceof BindException, "the cause must be a BindException, was " + e.getCause());
        assertTrue(e.getMessage() != null && e.getMessage().contains(String.valueOf(address.getPort())),
                "the message must name the address that could not be bound (" + address + "): " + e.getMessage());
    }

    void writeAfterCloseThrowsClosedException() throws Exception {
        LoopGroup g = ctx.group();
        List<EchoHandler> handlers = new CopyOnWriteArrayList<>();
        Server server = g.listen(TckContext.loopback(), setup -> {
            EchoHandler h = new EchoHandler(ctx.violations());
            handlers.add(h);
            return h;
        });
        // A client connection closed gracefully, and a server connection aborted.
        EchoHandler clientHandler = new EchoHandler(ctx.violations());
        Connection client = ctx.await(g.connect(server.localAddress(), setup -> clientHandler), "connect");
        ctx.awaitUntil("the server side is open", () -> !handlers.isEmpty() && handlers.get(0).opened.isDone());
        Connection accepted = handlers.get(0).connection;

        ctx.await(client.close(), "close()");
        ClosedException e = assertThrows(ClosedException.class, () -> client.write(ByteBuffer.allocate(1)),
                "write() after close()");
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "ClosedException needs a message");
        ctx.await(accepted.closeFuture(), "the server side to close after the client's FIN");
        assertThrows(ClosedException.class, () -> accepted.write(ByteBuffer.allocate(1)),
                "write() on a connection the peer closed");

        Connection second = ctx.await(g.connect(server.localAddress(), setup -> new EchoHandler(ctx.violations())),
                "second connect");
        second.abort();
        ctx.await(second.closeFuture(), "closeFuture after abort()");
        assertThrows(ClosedException.class, () -> second.write(ByteBuffer.allocate(1)), "write() after abort()");
    }

    void connectToNobodyFails() throws Exception {
        LoopGroup g = ctx.group();
        InetSocketAddress nobody;
        try (ServerSocket s = new ServerSocket(0, 1, TckContext.loopback().getAddress())) {
            nobody = (InetSocketAddress) s.getLocalSocketAddress(); // free again once closed
        }
        Throwable failure = ctx.awaitFailure(g.connect(nobody, echo()), "connect() to a closed port");
        boolean refused = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            refused |= t instanceof ConnectException;
        }
        assertTrue(refused, "connect() to a closed port must fail with a ConnectException, got " + failure);
        assertEquals(0, g.connectionCount(), "a refused connect left a connection counted");
    }
}
