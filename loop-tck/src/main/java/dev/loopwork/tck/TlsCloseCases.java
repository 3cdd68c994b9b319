package dev.loopwork.tck;

import dev.loopwork.Connection;
import dev.loopwork.LoopGroup;
import dev.loopwork.Server;
import dev.loopwork.tls.TlsEngine;
import dev.loopwork.tls.TlsTruncationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cases 11e to 11g: how a TLS connection ends. close_notify either way is a clean end (no cause in
 * {@code onClosed}, on either side); a FIN without close_notify is a truncation, reported to the
 * server application as {@link TlsTruncationException} and never as an end of input.
 */
final class TlsCloseCases {

    private static final Logger log = LoggerFactory.getLogger(TlsCloseCases.class);

    private final TckContext ctx;

    TlsCloseCases(TckContext ctx) {
        this.ctx = ctx;
    }

    /** Writes a message at {@code onOpen}, then closes at once. */
    private static final class SayGoodbye extends TckHandler {
        private final byte[] message;

        SayGoodbye(Violations v, byte[] message) {
            super(v);
            this.message = message;
        }

        @Override
        void opened(Connection c) {
            c.write(ByteBuffer.wrap(message.clone()));
            c.close();
        }

        @Override
        void data(Connection c, ByteBuffer data) {
            data.position(data.limit());
        }
    }

    /** Collects what arrives; records the clean end of input, then closes (the default). */
    private static final class Collector extends TckHandler {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final CompletableFuture<byte[]> inputShutdown = new CompletableFuture<>();

        Collector(Violations v) {
            super(v);
        }

        @Override
        void data(Connection c, ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            received.write(b, 0, b.length);
        }

        @Override
        void inputShutdown(Connection c) throws Exception {
            inputShutdown.complete(received.toByteArray());
            super.inputShutdown(c);
        }
    }

    private Server echoServer(LoopGroup g, TlsFixture tls, List<TlsEchoHandler> handlers) {
        return g.listen(TckContext.loopback(), tls.server(setup -> {
            TlsEchoHandler h = new TlsEchoHandler(ctx.violations());
            handlers.add(h);
            return h;
        }));
    }

    /**
     * 11e: a Loopwork TLS client exchanges messages (1 B to 100 KB) with a TLS echo server, then
     * closes: the server gets {@code onInputShutdown} (the client's close_notify) after every byte,
     * then closes, and both {@code onClosed} report a clean close.
     */
    void clientCloses(TlsEngine engine) {
        TlsFixture tls = new TlsFixture(ctx, engine);
        LoopGroup g = ctx.group();
        List<TlsEchoHandler> handlers = new CopyOnWriteArrayList<>();
        Server server = echoServer(g, tls, handlers);
        List<byte[]> messages = EchoCases.smallMessages(51);
        long total = messages.stream().mapToLong(m -> m.length).sum();
        PingPongClient client = new PingPongClient(ctx.violations(), messages);
        ctx.await(g.connect(server.localAddress(), tls.client(setup -> client)), "TLS connect to the echo server");
        assertEquals(messages.size(), ctx.await(client.done, "messages echoed one by one over TLS"));

        TlsEchoHandler h = handlers.get(0);
        assertEquals(total, ctx.await(h.inputShutdown, "server onInputShutdown after the client's close_notify"),
                "bytes the server had echoed when the client's close_notify came");
        assertNull(ctx.await(h.closed, "server onClosed"), "the server closed cleanly: " + h);
        assertNull(ctx.await(client.closed, "client onClosed"), "the client saw the server's close_notify, "
                + "not a truncation or a failure: " + client);
    }

    /**
     * 11f: the server writes a message and closes at {@code onOpen}. A hand-driven JDK client reads
     * the message, then close_notify, then the end of the TCP stream; a Loopwork TLS client gets the
     * message, {@code onInputShutdown} and a clean {@code onClosed} (no {@link TlsTruncationException}).
     */
    void serverCloses(TlsEngine engine) throws Exception {
        TlsFixture tls = new TlsFixture(ctx, engine);
        LoopGroup g = ctx.group();
        byte[] message = new byte[100_000];
        new Payload(53, message.length).next(message, 0, message.length);
        List<SayGoodbye> servers = new CopyOnWriteArrayList<>();
        Server server = g.listen(TckContext.loopback(), tls.server(setup -> {
            SayGoodbye s = new SayGoodbye(ctx.violations(), message);
            servers.add(s);
            return s;
        }));

        try (EngineClient raw = EngineClient.open(ctx, server.localAddress(), "TLSv1.3", false)) {
            raw.handshake();
            assertArrayEquals(message, raw.readFully(message.length), "the server's last message");
            EngineClient.Ending end = raw.readEnd();
            assertEquals(EngineClient.End.CLOSE_NOTIFY_THEN_EOF, end.end(), "after its last message the server sends "
                    + "close_notify, then FIN: " + end);
            assertEquals(0, end.appBytes(), "bytes after the message: " + end);
        }
        assertNull(ctx.await(servers.get(0).closed, "server onClosed (JDK client)"), "clean close: " + servers.get(0));

        Collector client = new Collector(ctx.violations());
        ctx.await(g.connect(server.localAddress(), tls.client(setup -> client)), "Loopwork TLS client connect");
        assertArrayEquals(message, ctx.await(client.inputShutdown, "client onInputShutdown at the server's "
                + "close_notify"), "what the Loopwork client got before the end");
        assertNull(ctx.await(client.closed, "client onClosed"), "close_notify then FIN is a clean end, not a "
                + "truncation: " + client);
        assertNull(ctx.await(servers.get(1).closed, "server onClosed (Loopwork client)"), "clean close: "
                + servers.get(1));
    }

    /**
     * 11g: a hand-driven JDK client sends 20,000 bytes and, right behind them, FIN without
     * close_notify. The server gets every byte, then {@code onClosed} with a
     * {@link TlsTruncationException}; {@code onInputShutdown} never comes (that would pass a cut
     * stream off as complete).
     */
    void truncation(TlsEngine engine) throws Exception {
        TlsFixture tls = new TlsFixture(ctx, engine);
        LoopGroup g = ctx.group();
        List<TlsEchoHandler> handlers = new CopyOnWriteArrayList<>();
        Server server = echoServer(g, tls, handlers);
        byte[] data = new byte[20_000];
        new Payload(55, data.length).next(data, 0, data.length);
        try (EngineClient raw = EngineClient.open(ctx, server.localAddress(), "TLSv1.3", false)) {
            raw.handshake();
            raw.write(data);
            raw.finWithoutCloseNotify();
            EngineClient.Ending end = raw.readEnd();
            assertFalse(end.end() == EngineClient.End.CLOSE_NOTIFY_THEN_EOF, "a truncated connection must not "
                    + "end as cleanly as a complete one: " + end);
        }
        TlsEchoHandler h = handlers.get(0);
        Throwable cause = ctx.await(h.closed, "server onClosed after the FIN without close_notify");
        log.info("TLS truncation on {} with the {} engine: the server's onClosed got {}", ctx.provider().name(), engine,
                String.valueOf(cause));
        assertTrue(isTruncation(cause), "the server's onClosed cause must be a TlsTruncationException, was: " + cause);
        assertEquals(data.length, h.echoed.get(), "every byte before the FIN reached the handler first");
        assertFalse(h.inputShutdown.isDone(), "onInputShutdown came for a truncated stream: a cut stream passed off "
                + "as complete; " + h);
    }

    private static boolean isTruncation(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TlsTruncationException) {
                return true;
            }
        }
        return false;
    }
}
