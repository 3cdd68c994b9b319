package dev.loopwork.tck.faults;

import dev.loopwork.ConnectionInitializer;
import dev.loopwork.LoopGroup;
import dev.loopwork.Server;
import dev.loopwork.tck.TckContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Echo with SHA-256, plain and TLS, under the wrapper: several blocking JDK clients at once, each
 * sending a seeded payload of random size in random pieces while reading the echo, then half-closing.
 * Every connection the wrapper did not break gets every byte back in order and ends cleanly; every
 * connection it broke ends with the injected error.
 */
final class EchoUnderFaults {

    private static final Logger log = LoggerFactory.getLogger(EchoUnderFaults.class);

    private final FaultCase fc;

    EchoUnderFaults(FaultCase fc) {
        this.fc = fc;
    }

    /** What one client saw. */
    private record Client(InetSocketAddress address, long seed, long size, Transfer.Side sent, Transfer.Side received) {
    }

    void run(boolean tls, int clients, long maxBytes) throws Exception {
        TckContext ctx = fc.ctx;
        LoopGroup g = ctx.group();
        ConnectionInitializer echo = setup -> new ServerSide.Echo(fc);
        Server server = g.listen(TckContext.loopback(), tls ? FaultTls.server(echo) : echo);
        SplittableRandom r = new SplittableRandom(fc.seed);
        List<CompletableFuture<Client>> running = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            long seed = r.nextLong();
            long size = 1 + r.nextLong(maxBytes);
            running.add(ctx.async("echo-client-" + i, () -> client(server.localAddress(), tls, seed, size)));
        }
        int hit = 0;
        int clean = 0;
        for (CompletableFuture<Client> f : running) {
            Client c = ctx.await(f, "echo client; " + fc);
            ServerSide s = fc.serverEnd(c.address());
            InjectedFault fault = fc.verifyEnd(s, true);
            if (fault != null) {
                hit++;
                continue;
            }
            clean++;
            assertEquals(c.size(), c.sent().bytes(), () -> "bytes sent by " + c + "; its server end " + s + "; " + fc);
            assertEquals(c.size(), c.received().bytes(), () -> "bytes echoed to " + c + "; its server end " + s + "; " + fc);
            assertEquals(Transfer.expected(c.seed(), c.size()), c.received().sha256(),
                    () -> "SHA-256 of the echo to " + c + "; " + fc);
        }
        assertTrue(fc.faults.stats().shortReads() + fc.faults.stats().shortWrites() > 0,
                () -> "the wrapper injected no short read or write at all: " + fc);
        log.info("echo{} on {} under faults, {}: {} connections intact, {} ended by their injected error; {}",
                tls ? " (TLS)" : "", fc.faults.name(), "seed " + fc.seed, clean, hit, fc.faults.stats());
    }

    private Client client(InetSocketAddress server, boolean tls, long seed, long size) throws Exception {
        Socket raw = fc.unconnected();
        InetSocketAddress me = (InetSocketAddress) raw.getLocalSocketAddress();
        java.io.IOException failed = fc.connect(raw, server);
        Socket s = raw;
        if (failed == null && tls) {
            try {
                s = FaultTls.connect(fc.ctx, raw, server);
            } catch (java.io.IOException e) {
                failed = e; // the server end was hit during the handshake
            }
        }
        if (failed != null) {
            raw.close();
            Transfer.Side none = new Transfer.Side(0, null, failed);
            return new Client(me, seed, size, none, none);
        }
        Socket conn = s;
        CompletableFuture<Transfer.Side> writer = fc.ctx.async("echo-writer", () -> {
            Transfer.Side sent = Transfer.write(conn.getOutputStream(), seed, size);
            if (sent.error() == null) {
                Transfer.shutdownOutputQuietly(conn); // TLS 1.3: close_notify, the read side stays open
            }
            return sent;
        });
        Transfer.Side received = Transfer.read(conn.getInputStream(), Long.MAX_VALUE);
        Transfer.Side sent = fc.ctx.await(writer, "the writer of the client at " + me);
        conn.close();
        return new Client(me, seed, size, sent, received);
    }
}
