package dev.loopwork.tck;

import dev.loopwork.Connection;
import dev.loopwork.LoopGroup;
import dev.loopwork.Server;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Case 1: echo. Small messages one by one (content and boundaries intact) and a large stream
 * (SHA-256 equal on both sides), each with a Loopwork client ({@code group.connect}) and with a
 * blocking JDK socket, so that both the core's client path and a foreign peer are covered.
 */
final class EchoCases {

    private final TckContext ctx;
    private final Violations violations;

    EchoCases(TckContext ctx) {
        this.ctx = ctx;
        this.violations = ctx.violations();
    }

    /** Sizes around the usual edges (1 byte, MSS, 64 KiB buffers) plus some random ones. */
    static List<byte[]> smallMessages(long seed) {
        List<Integer> sizes = new ArrayList<>(List.of(1, 2, 3, 7, 100, 1000, 1460, 4095, 4096, 4097, 65535, 65536,
                65537, 100_000));
        SplittableRandom r = new SplittableRandom(seed);
        while (sizes.size() < 60) {
            sizes.add(1 + r.nextInt(8192));
        }
        List<byte[]> out = new ArrayList<>();
        Payload p = new Payload(seed, sizes.stream().mapToLong(Integer::longValue).sum());
        for (int size : sizes) {
            byte[] b = new byte[size];
            p.next(b, 0, size);
            out.add(b);
        }
        return out;
    }

    private Server echoServer(LoopGroup g, List<EchoHandler> handlers) {
        return g.listen(TckContext.loopback(), setup -> {
            EchoHandler h = new EchoHandler(violations);
            handlers.add(h);
            return h;
        });
    }

    void smallMessagesGroupClient() {
        LoopGroup g = ctx.group();
        Server server = echoServer(g, new CopyOnWriteArrayList<>());
        List<byte[]> messages = smallMessages(1);
        PingPongClient client = new PingPongClient(violations, messages);
        Connection c = ctx.await(g.connect(server.localAddress(), setup -> client), "connect to the echo server");
        assertTrue(client.opened.isDone(), "connect() completed before the client handler's onOpen ran");
        assertEquals(messages.size(), ctx.await(client.done, messages.size() + " messages echoed one by one"));
        ctx.await(c.closeFuture(), "client close after the last message");
        assertEquals(null, ctx.await(client.closed, "client onClosed"), "a clean close reports no cause");
    }

    void smallMessagesJdkClient() throws Exception {
        LoopGroup g = ctx.group();
        Server server = echoServer(g, new CopyOnWriteArrayList<>());
        List<byte[]> messages = smallMessages(2);
        try (Socket s = ctx.connect(server.localAddress())) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (int i = 0; i < messages.size(); i++) {
                out.write(messages.get(i));
                out.flush();
                assertArrayEquals(messages.get(i), Blocking.readFully(in, messages.get(i).length),
                        "message " + i + " (" + messages.get(i).length + " bytes) came back changed");
            }
            s.shutdownOutput();
            assertEquals(-1, in.read(), "after our FIN the echo server closes: EOF expected");
        }
    }

    void largeGroupClient() {
        LoopGroup g = ctx.group();
        List<EchoHandler> handlers = new CopyOnWriteArrayList<>();
        Server server = echoServer(g, handlers);
        long total = ctx.settings().largeTransferBytes();
        Payload payload = new Payload(3, total);
        StreamClient client = new StreamClient(violations, payload);
        ctx.await(g.connect(server.localAddress(), setup -> client), "connect to the echo server");
        StreamClient.Result r = ctx.await(client.result, "echo of " + total + " bytes");
        assertEquals(total, r.bytes());
        assertEquals(Digests.hex(payload.digest()), Digests.hex(r.digest()), "SHA-256 of what came back");
        ctx.await(handlers.get(0).closed, "server side close after the client's");
        assertEquals(total, handlers.get(0).echoed.get(), "bytes the server handler saw");
    }

    void largeJdkClient() throws Exception {
        LoopGroup g = ctx.group();
        List<EchoHandler> handlers = new CopyOnWriteArrayList<>();
        Server server = echoServer(g, handlers);
        long total = ctx.settings().largeTransferBytes();
        Socket s = ctx.connect(server.localAddress());
        Payload payload = new Payload(4, total);
        // Writer and reader on two threads: echoing 64 MiB with one thread would deadlock on full buffers.
        CompletableFuture<byte[]> sent = ctx.async("echo-writer", () -> {
            Blocking.write(s.getOutputStream(), payload, 64 * 1024);
            s.shutdownOutput();
            return payload.digest();
        });
        MessageDigest received = Digests.sha256();
        long count = Blocking.readToEof(s.getInputStream(), received);
        byte[] sentDigest = ctx.await(sent, "writer of " + total + " bytes");
        assertEquals(total, count, "bytes echoed before EOF");
        assertEquals(Digests.hex(sentDigest), Digests.hex(received.digest()), "SHA-256 of what came back");
        s.close();
        assertEquals(null, ctx.await(handlers.get(0).closed, "server side onClosed"), "clean close, no cause");
    }
}
