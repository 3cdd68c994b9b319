package dev.loopwork.tck;

import dev.loopwork.LoopGroup;
import dev.loopwork.Server;
import dev.loopwork.SocketOptions;
import dev.loopwork.tls.TlsEngine;
import dev.loopwork.tls.TlsSession;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Cases 11a and 11c: bulk TLS through the provider under test, with the TLS stage on both ends of
 * the connection (a Loopwork TLS server and a Loopwork TLS client, both on the provider's loops).
 */
final class TlsTransferCases {

    /** Bytes of the small-buffer echo: enough for hundreds of records through 4 KiB socket buffers. */
    static final long SMALL_BUFFER_BYTES = 8L * 1024 * 1024;

    private final TckContext ctx;

    TlsTransferCases(TckContext ctx) {
        this.ctx = ctx;
    }

    /**
     * 11a: {@link TckSettings#largeTransferBytes()} (64 MiB) echoed through a TLS server, SHA-256 equal
     * on both sides; the server's session ran the engine asked for; both ends close cleanly
     * (close_notify both ways, no truncation).
     */
    void echo(TlsEngine engine) {
        echoThrough(engine, ctx.settings().largeTransferBytes(), SocketOptions.defaults(), 41);
    }

    /**
     * 11c: the same with 4 KiB SO_RCVBUF and SO_SNDBUF on both ends and full-size (16 KiB) records,
     * so that every record takes several socket reads and writes: partial records above the socket
     * all the time, and writes that block mid-record.
     */
    void smallSocketBuffers(TlsEngine engine) {
        SocketOptions small = SocketOptions.builder().receiveBufferSize(4096).sendBufferSize(4096).build();
        echoThrough(engine, Math.min(SMALL_BUFFER_BYTES, ctx.settings().largeTransferBytes()), small, 43);
    }

    private void echoThrough(TlsEngine engine, long total, SocketOptions options, long seed) {
        TlsFixture tls = new TlsFixture(ctx, engine);
        LoopGroup g = ctx.group();
        List<TlsEchoHandler> handlers = new CopyOnWriteArrayList<>();
        Server server = g.listen(TckContext.loopback(), options, tls.server(setup -> {
            TlsEchoHandler h = new TlsEchoHandler(ctx.violations());
            handlers.add(h);
            return h;
        }));
        Payload payload = new Payload(seed, total);
        StreamClient client = new StreamClient(ctx.violations(), payload);
        ctx.await(g.connect(server.localAddress(), options, tls.client(setup -> client)),
                "TLS connect (handshake done, onOpen run) to the echo server, " + engine + " engine");

        StreamClient.Result r = ctx.await(client.result, "TLS echo of " + total + " bytes; client: " + client
                + "; server: " + handlers);
        assertEquals(total, r.bytes(), "bytes echoed");
        assertEquals(Digests.hex(payload.digest()), Digests.hex(r.digest()), "SHA-256 of what came back");

        TlsEchoHandler h = handlers.get(0);
        TlsSession session = ctx.await(h.session, "the server's TlsSession at onOpen");
        assertEquals(engine, session.engine(), "the server's TLS engine: " + session);
        assertNull(ctx.await(client.closed, "client onClosed"), "the client closed cleanly: " + client);
        assertEquals(total, ctx.await(h.inputShutdown, "server onInputShutdown at the client's close_notify"),
                "bytes the server had echoed when the client's close_notify came");
        assertNull(ctx.await(h.closed, "server onClosed"), "the server closed cleanly (close_notify, not a "
                + "truncation or a failure): " + h);
    }
}
