package dev.loopwork.tck;

import dev.loopwork.LoopGroup;
import dev.loopwork.Server;
import dev.loopwork.tls.TlsEngine;
import dev.loopwork.tls.TlsRenegotiationException;
import dev.loopwork.tls.TlsSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cases 11d and 11h: handshakes the server must get through, and the one it must refuse. The peer
 * is a JDK {@code SSLEngine} driven by hand over a blocking socket ({@link EngineClient}), so the
 * bytes on the wire are exactly what the case says.
 */
final class TlsHandshakeCases {

    private static final Logger log = LoggerFactory.getLogger(TlsHandshakeCases.class);

    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final TckContext ctx;

    TlsHandshakeCases(TckContext ctx) {
        this.ctx = ctx;
    }

    private Server echoServer(LoopGroup g, TlsFixture tls, List<TlsEchoHandler> handlers) {
        return g.listen(TckContext.loopback(), tls.server(setup -> {
            TlsEchoHandler h = new TlsEchoHandler(ctx.violations());
            handlers.add(h);
            return h;
        }));
    }

    /**
     * 11d: for TLS 1.3 and TLS 1.2, a client that sends every byte it produces in a write of its own
     * (handshake flights, a 3,000-byte message, close_notify), each flushed. The server reassembles
     * records from one-byte reads: the handshake completes, the message is echoed, and the close is
     * clean on both sides.
     */
    void oneByteAtATime(TlsEngine engine) throws Exception {
        TlsFixture tls = new TlsFixture(ctx, engine);
        LoopGroup g = ctx.group();
        List<TlsEchoHandler> handlers = new CopyOnWriteArrayList<>();
        Server server = echoServer(g, tls, handlers);
        byte[] message = new byte[3000];
        new Payload(61, message.length).next(message, 0, message.length);
        for (int i = 0; i < PROTOCOLS.size(); i++) {
            String protocol = PROTOCOLS.get(i);
            try (EngineClient client = EngineClient.open(ctx, server.localAddress(), protocol, true)) {
                client.handshake();
                assertEquals(protocol, client.session().getProtocol(), "negotiated protocol");
                client.write(message);
                assertArrayEquals(message, client.readFully(message.length), protocol + ": the echo of a message "
                        + "sent one byte at a time");
                client.closeOutput();
                EngineClient.Ending end = client.readEnd();
                assertEquals(EngineClient.End.CLOSE_NOTIFY_THEN_EOF, end.end(), protocol + ": " + end);
                assertTrue(client.segments() > message.length, "the client wrote one byte per write: " + client);
            }
            TlsEchoHandler h = handlers.get(i);
            TlsSession session = ctx.await(h.session, protocol + ": the server's TlsSession at onOpen");
            assertEquals(protocol, session.protocol(), "the server's protocol");
            assertEquals(engine, session.engine(), "the server's engine");
            assertEquals(message.length, ctx.await(h.inputShutdown, protocol + ": server onInputShutdown"));
            assertNull(ctx.await(h.closed, protocol + ": server onClosed"), protocol + ": clean close: " + h);
        }
    }

    /**
     * 11h: on one loop, a TLS 1.3 bystander connection is open and a TLS 1.2 client, after an
     * exchange of data, starts a new handshake. The server refuses it: that connection's
     * {@code onClosed} gets an {@link SSLException} about renegotiation (with the JDK engine, a
     * {@link TlsRenegotiationException}), no second handshake completes, and the bystander, the
     * listener and new connections go on working.
     */
    void renegotiationRefused(TlsEngine engine) throws Exception {
        TlsFixture tls = new TlsFixture(ctx, engine);
        LoopGroup g = ctx.group(1); // the failing connection and the bystander share the loop
        List<TlsEchoHandler> handlers = new CopyOnWriteArrayList<>();
        Server server = echoServer(g, tls, handlers);
        byte[] message = new byte[5000];
        new Payload(63, message.length).next(message, 0, message.length);

        EngineClient.Ending end;
        try (EngineClient bystander = EngineClient.open(ctx, server.localAddress(), "TLSv1.3", false)) {
            bystander.handshake();
            bystander.write(message);
            assertArrayEquals(message, bystander.readFully(message.length), "bystander echo before");

            try (EngineClient renegotiating = EngineClient.open(ctx, server.localAddress(), "TLSv1.2", false)) {
                renegotiating.handshake();
                assertEquals("TLSv1.2", renegotiating.session().getProtocol());
                renegotiating.write(message);
                assertArrayEquals(message, renegotiating.readFully(message.length), "echo before the renegotiation");
                renegotiating.renegotiate();
                end = renegotiating.readEnd();
                assertEquals(1, end.handshakes(), "a second handshake completed: the server renegotiated; " + end);
            }
            TlsEchoHandler refused = handlers.get(1);
            Throwable cause = ctx.await(refused.closed, "onClosed of the connection that asked to renegotiate");
            log.info("TLS 1.2 renegotiation on {} with the {} engine: the client saw {}; the server's onClosed got {}",
                    ctx.provider().name(), engine, end, String.valueOf(cause));
            assertTrue(cause instanceof SSLException && mentionsRenegotiation(cause), "the server must fail the "
                    + "connection with an SSLException about renegotiation, was: " + cause);
            if (engine == TlsEngine.JDK) {
                assertTrue(cause instanceof TlsRenegotiationException, "JDK engine: " + cause);
            }
            assertEquals(message.length, refused.echoed.get(), "bytes before the attempt were delivered");

            bystander.write(message);
            assertArrayEquals(message, bystander.readFully(message.length), "the bystander still echoes after the "
                    + "other connection on its loop failed");
            bystander.closeOutput();
            assertEquals(EngineClient.End.CLOSE_NOTIFY_THEN_EOF, bystander.readEnd().end(), "bystander's clean end");
        }
        assertNull(ctx.await(handlers.get(0).closed, "bystander's server onClosed"), "the bystander closed cleanly");

        try (EngineClient late = EngineClient.open(ctx, server.localAddress(), "TLSv1.2", false)) {
            late.handshake();
            late.write(message);
            assertArrayEquals(message, late.readFully(message.length), "a new connection after the refusal echoes");
            late.closeOutput();
            assertEquals(EngineClient.End.CLOSE_NOTIFY_THEN_EOF, late.readEnd().end(), "new connection's clean end");
        }
        assertNull(ctx.await(handlers.get(2).closed, "new connection's server onClosed"), "clean close");
    }

    private static boolean mentionsRenegotiation(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT).contains("renegotiat")) {
                return true;
            }
        }
        return false;
    }
}
