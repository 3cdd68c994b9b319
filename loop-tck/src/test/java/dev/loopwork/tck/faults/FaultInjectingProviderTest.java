package dev.loopwork.tck.faults;

import dev.loopwork.SocketOptions;
import dev.loopwork.nio.NioLoopProvider;
import dev.loopwork.spi.NetListener;
import dev.loopwork.spi.NetSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wrapper itself, over real loopback sockets without a loop: short and empty operations lose no
 * byte, an injected error comes at its offset and stays, a failed accept leaves the connection queued.
 */
@Timeout(60)
class FaultInjectingProviderTest {

    private static final int BYTES = 1 << 20;
    /** Non-blocking calls allowed per transfer; a wrapper that stops moving bytes fails here, not by hanging. */
    private static final int MAX_CALLS = 50_000_000;

    private record Pair(NetListener listener, NetSocket server, Socket client) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            client.close();
            server.close();
            listener.close();
        }
    }

    private static Pair pair(FaultInjectingProvider p) throws IOException {
        NetListener l = p.sockets().listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), SocketOptions.defaults());
        Socket c = new Socket();
        c.setSoTimeout(30_000);
        c.connect(l.localAddress());
        NetSocket s = null;
        for (int i = 0; i < MAX_CALLS && s == null; i++) {
            s = l.accept(); // the connection is already in the backlog: the first call has it
        }
        assertNotNull(s, "accepted");
        return new Pair(l, s, c);
    }

    @Test
    void shortAndEmptyWritesLoseNothing() throws Exception {
        FaultInjectingProvider p = new FaultInjectingProvider(new NioLoopProvider(), FaultPlan.partialIo(7));
        try (Pair pair = pair(p)) {
            CompletableFuture<Transfer.Side> reader = CompletableFuture.supplyAsync(
                    () -> Transfer.read(uncheckedIn(pair.client()), BYTES));
            ByteBuffer payload = payload(BYTES, 7);
            for (int calls = 0; payload.hasRemaining(); calls++) {
                assertTrue(calls < MAX_CALLS, "the wrapper stopped writing: " + p.stats());
                // At most 8 KiB per call, so that a transfer takes many calls and meets every fault.
                int first = Math.min(payload.remaining(), 1000);
                ByteBuffer[] pieces = {payload.slice(payload.position(), first),
                        payload.slice(payload.position() + first, Math.min(payload.remaining() - first, 7192))};
                long w = pair.server().write(pieces, 0, 2);
                assertEquals(w, pieces[0].position() + pieces[1].position(), "positions moved by what was written");
                payload.position(payload.position() + (int) w);
            }
            Transfer.Side got = reader.get(30, TimeUnit.SECONDS);
            assertEquals(BYTES, got.bytes());
            assertEquals(sha(payload(BYTES, 7)), got.sha256());
            assertTrue(p.stats().shortWrites() > 0 && p.stats().zeroWrites() > 0, p.stats().toString());
        }
    }

    @Test
    void shortAndEmptyReadsLoseNothing() throws Exception {
        FaultInjectingProvider p = new FaultInjectingProvider(new NioLoopProvider(), FaultPlan.partialIo(8));
        try (Pair pair = pair(p)) {
            byte[] sent = new byte[BYTES];
            payload(BYTES, 8).get(sent);
            CompletableFuture.runAsync(() -> {
                try {
                    pair.client().getOutputStream().write(sent);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            ByteBuffer got = ByteBuffer.allocate(BYTES);
            for (int calls = 0; got.hasRemaining(); calls++) {
                assertTrue(calls < MAX_CALLS, "the wrapper stopped reading: " + p.stats());
                ByteBuffer window = got.slice(got.position(), Math.min(got.remaining(), 8192)); // many calls
                int r = pair.server().read(window);
                assertTrue(r >= 0, "no EOF before the end");
                assertEquals(r, window.position(), "position moved by what was read");
                got.position(got.position() + r);
            }
            got.flip();
            assertEquals(ByteBuffer.wrap(sent), got, "bytes read in order");
            assertTrue(p.stats().shortReads() > 0 && p.stats().zeroReads() > 0, p.stats().toString());
        }
    }

    @Test
    void injectedErrorComesAtItsOffsetAndStays() throws Exception {
        FaultPlan plan = new FaultPlan(3, 0, 0.5, 0, 0.5, 0.5, 1.0, 100_000, 0, 1);
        FaultInjectingProvider p = new FaultInjectingProvider(new NioLoopProvider(), plan);
        try (Pair pair = pair(p)) {
            CompletableFuture.runAsync(() -> {
                try {
                    pair.client().getOutputStream().write(new byte[200_000]);
                } catch (IOException e) {
                    // the test closes the pair
                }
            });
            CompletableFuture.runAsync(() -> Transfer.read(uncheckedIn(pair.client()), Long.MAX_VALUE));
            ByteBuffer in = ByteBuffer.allocate(200_000);
            ByteBuffer out = ByteBuffer.allocate(200_000);
            InjectedFault fault = null;
            for (int calls = 0; fault == null && calls < MAX_CALLS; calls++) {
                try {
                    pair.server().read(in);
                    pair.server().write(out);
                } catch (InjectedFault f) {
                    fault = f;
                }
            }
            assertNotNull(fault, "a socket with errorPerSocket=1 must fail within errorWithinBytes: " + p.stats());
            long at = fault.kind() == InjectedFault.Kind.RESET_ON_READ ? in.position() : out.position();
            assertEquals(at, fault.atByte(), "the error comes at its offset, after exactly that many bytes");
            assertTrue(at < plan.errorWithinBytes());
            InjectedFault first = fault;
            assertSame(first, assertThrows(InjectedFault.class, () -> pair.server().read(ByteBuffer.allocate(1))));
            assertSame(first, assertThrows(InjectedFault.class, () -> pair.server().write(ByteBuffer.allocate(1))));
            assertEquals(java.util.List.of(first), p.stats().errors());
            assertSame(first, p.injectedInto(pair.server().localAddress(), pair.server().remoteAddress()));
        }
    }

    @Test
    void failedAcceptLeavesTheConnectionQueued() throws Exception {
        FaultInjectingProvider p = new FaultInjectingProvider(new NioLoopProvider(), FaultPlan.none(1));
        try (NetListener l = p.sockets().listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                SocketOptions.defaults()); Socket c = new Socket()) {
            c.connect(l.localAddress());
            p.failAccepts(true);
            InjectedFault f = assertThrows(InjectedFault.class, l::accept);
            assertEquals(InjectedFault.Kind.ACCEPT_EMFILE, f.kind());
            assertTrue(f.getMessage().startsWith("Too many open files"), f.getMessage());
            p.failAccepts(false);
            NetSocket s = null;
            for (int i = 0; i < MAX_CALLS && s == null; i++) {
                s = l.accept();
            }
            assertNotNull(s, "the connection stayed in the backlog and is accepted once accepts work again");
            assertEquals(c.getLocalSocketAddress(), s.remoteAddress());
            s.close();
            assertEquals(1, p.stats().acceptFailures());
        }
    }

    private static java.io.InputStream uncheckedIn(Socket s) {
        try {
            return s.getInputStream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ByteBuffer payload(int n, long seed) {
        byte[] b = new byte[n];
        new java.util.SplittableRandom(seed).nextBytes(b);
        return ByteBuffer.wrap(b);
    }

    private static String sha(ByteBuffer b) {
        java.security.MessageDigest d = Transfer.sha256();
        d.update(b);
        return java.util.HexFormat.of().formatHex(d.digest());
    }
}
