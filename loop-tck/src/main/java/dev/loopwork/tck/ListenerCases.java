package dev.loopwork.tck;

import dev.loopwork.Connection;
import dev.loopwork.LoopGroup;
import dev.loopwork.Server;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Case 8: closing a listener. It is idempotent and never fails; new connections are refused at
 * once; the port can be bound again as soon as the close completes (by a plain {@link ServerSocket}
 * and by the group itself); connections already accepted are left alone and go on echoing. Also
 * from inside a callback of one of those connections.
 */
final class ListenerCases {

    private final TckContext ctx;

    ListenerCases(TckContext ctx) {
        this.ctx = ctx;
    }

    void closeReleasesPortAndLeavesConnections() throws Exception {
        LoopGroup g = ctx.group();
        List<EchoHandler> handlers = new CopyOnWriteArrayList<>();
        Server server = g.listen(TckContext.loopback(), setup -> {
            EchoHandler h = new EchoHandler(ctx.violations());
            handlers.add(h);
            return h;
        });
        InetSocketAddress address = server.localAddress();
        assertTrue(address.getPort() > 0, "localAddress() must give the real port when port 0 was asked for");
        assertTrue(server.isOpen(), "a new server is open");
        Socket a = ctx.connect(address);
        roundTrip(a, "before close");
        ctx.awaitUntil("the server counted the accepted connection", () -> server.acceptedCount() == 1);

        CompletionStage<Void> first = server.closeAsync();
        CompletionStage<Void> second = server.closeAsync();
        ctx.await(first, "closeAsync()");
        ctx.await(second, "a second closeAsync()");
        server.close(); // blocking form: idempotent too, and must not throw
        ctx.await(server.closeFuture(), "closeFuture()");
        assertFalse(server.isOpen(), "isOpen() after close");

        assertRefused(address);
        assertPortFree(address);
        roundTrip(a, "after the listener closed"); // the accepted connection lives on

        Server again = g.listen(address, setup -> new EchoHandler(ctx.violations()));
        assertEquals(address.getPort(), again.localAddress().getPort(), "listening again on the same port");
        Socket b = ctx.connect(address);
        roundTrip(b, "to the second listener");
        again.close();
        assertRefused(address);
        roundTrip(a, "after the second listener closed");
        roundTrip(b, "after its listener closed");
        assertEquals(0, handlers.get(0).closedCalls.get(), "closing the listener closed an accepted connection");
    }

    void closeFromInsideACallback() throws Exception {
        LoopGroup g = ctx.group();
        AtomicReference<Server> serverRef = new AtomicReference<>();
        AtomicReference<CompletionStage<Void>> closeStage = new AtomicReference<>();
        Server server = g.listen(TckContext.loopback(), setup -> new EchoHandler(ctx.violations()) {
            @Override
            void data(Connection c, ByteBuffer data) throws Exception {
                closeStage.compareAndSet(null, serverRef.get().closeAsync());
                super.data(c, data);
            }
        });
        serverRef.set(server);
        InetSocketAddress address = server.localAddress();
        Socket a = ctx.connect(address);
        roundTrip(a, "closes the listener from onData");
        ctx.awaitUntil("the callback called closeAsync()", () -> closeStage.get() != null);
        ctx.await(closeStage.get(), "closeAsync() called from a callback");
        assertFalse(server.isOpen(), "isOpen() after close");
        assertRefused(address);
        assertPortFree(address);
        roundTrip(a, "after the listener closed");
    }

    private void assertRefused(InetSocketAddress address) throws IOException {
        Socket probe = ctx.track(new Socket());
        assertThrows(ConnectException.class, () -> probe.connect(address, 10_000),
                "a closed listener must refuse new connections at once");
        probe.close();
    }

    private static void assertPortFree(InetSocketAddress address) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(address);
        } catch (IOException e) {
            fail("the port of a closed listener must be free once the close completed, but binding "
                    + address + " failed: " + e, e);
        }
    }

    static void roundTrip(Socket s, String text) throws IOException {
        byte[] message = ("ping " + text).getBytes(StandardCharsets.US_ASCII);
        s.getOutputStream().write(message);
        assertArrayEquals(message, Blocking.readFully(s.getInputStream(), message.length), "echo " + text);
    }
}
