package dev.loopwork.tck;

import dev.loopwork.Connection;
import dev.loopwork.ConnectionHandler;
import dev.loopwork.LoopGroup;
import dev.loopwork.Server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Case 7: a failing handler or initializer takes down its own connection and nothing else. Two
 * echo connections share the one loop of the group with the failing one; after the failure they
 * still echo, a new connection is still accepted, and the failing handler's {@code onClosed} gets
 * the very exception it threw.
 *
 * <p>The failing connection is picked by its client port, known before it connects, so that the
 * failure can happen as early as {@code onOpen} or the initializer.
 */
final class HandlerErrorCases {

    private final TckContext ctx;

    HandlerErrorCases(TckContext ctx) {
        this.ctx = ctx;
    }

    /** The exception the kit throws on purpose; its message says so, for whoever reads the log. */
    static final class DeliberateFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DeliberateFailure(String message) {
            super(message);
        }
    }

    private static final class Thrower extends TckHandler {
        private final Callback where;
        private final RuntimeException failure;

        Thrower(Violations v, Callback where, RuntimeException failure) {
            super(v);
            this.where = where;
            this.failure = failure;
        }

        @Override
        void opened(Connection c) {
            if (where == Callback.ON_OPEN) {
                throw failure;
            }
        }

        @Override
        void data(Connection c, ByteBuffer data) {
            data.position(data.limit());
            if (where == Callback.ON_DATA) {
                throw failure;
            }
        }

        @Override
        void inputShutdown(Connection c) {
            if (where == Callback.ON_INPUT_SHUTDOWN) {
                throw failure;
            }
            c.close();
        }
    }

    /** Fails in {@code where}; null {@code where} means the initializer fails (throws, or returns null). */
    private void failureStaysWithItsConnection(Callback where, boolean initializerReturnsNull) throws Exception {
        LoopGroup g = ctx.group(1);
        Set<Integer> victimPorts = ConcurrentHashMap.newKeySet();
        DeliberateFailure failure = new DeliberateFailure("thrown on purpose by the TCK from "
                + (where == null ? "the initializer" : where));
        List<Thrower> victims = new CopyOnWriteArrayList<>();
        List<EchoHandler> others = new CopyOnWriteArrayList<>();
        Server server = g.listen(TckContext.loopback(), setup -> {
            if (!victimPorts.contains(setup.remoteAddress().getPort())) {
                EchoHandler e = new EchoHandler(ctx.violations());
                others.add(e);
                return e;
            }
            if (where != null) {
                Thrower t = new Thrower(ctx.violations(), where, failure);
                victims.add(t);
                return t;
            }
            if (initializerReturnsNull) {
                return (ConnectionHandler) null;
            }
            throw failure;
        });
        InetSocketAddress address = server.localAddress();
        Socket a = ctx.connect(address);
        Socket b = ctx.connect(address);
        roundTrip(a, "a1");
        roundTrip(b, "b1");

        Socket victim = ctx.track(new Socket());
        victim.setSoTimeout((int) ctx.settings().awaitTimeout().toMillis());
        victim.bind(new InetSocketAddress(address.getAddress(), 0));
        victimPorts.add(victim.getLocalPort());
        victim.connect(address);
        if (where == Callback.ON_DATA) {
            victim.getOutputStream().write("fail now".getBytes(StandardCharsets.US_ASCII));
        } else if (where == Callback.ON_INPUT_SHUTDOWN) {
            victim.shutdownOutput();
        }
        Blocking.readToEnd(victim); // EOF or reset: the failing connection must end, not hang
        victim.close();

        if (where != null) {
            Throwable cause = ctx.await(victims.get(0).closed, "onClosed of the handler that threw");
            assertTrue(chainContains(cause, failure), "onClosed must get the exception the handler threw from "
                    + where + "; got " + cause);
        }
        roundTrip(a, "a2");
        roundTrip(b, "b2");
        Socket d = ctx.connect(address);
        roundTrip(d, "d1");
        ctx.awaitUntil("only the three healthy connections are open", () -> g.connectionCount() == 3);
        for (EchoHandler e : others) {
            assertEquals(0, e.closedCalls.get(), "a healthy connection was closed by another one's failure: " + e);
        }
    }

    void handlerThrows(Callback where) throws Exception {
        failureStaysWithItsConnection(where, false);
    }

    void initializerThrows() throws Exception {
        failureStaysWithItsConnection(null, false);
    }

    void initializerReturnsNull() throws Exception {
        failureStaysWithItsConnection(null, true);
    }

    private static void roundTrip(Socket s, String text) throws IOException {
        byte[] message = ("ping " + text).getBytes(StandardCharsets.US_ASCII);
        s.getOutputStream().write(message);
        assertArrayEquals(message, Blocking.readFully(s.getInputStream(), message.length), "echo of " + text);
    }

    static boolean chainContains(Throwable t, Throwable wanted) {
        for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
            if (t == wanted) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (s == wanted) {
                    return true;
                }
            }
        }
        return false;
    }
}
