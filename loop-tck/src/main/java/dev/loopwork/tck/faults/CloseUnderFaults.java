package dev.loopwork.tck.faults;

import dev.loopwork.Connection;
import dev.loopwork.LoopGroup;
import dev.loopwork.Server;
import dev.loopwork.tck.TckContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Close and shutdown under the wrapper: a graceful close must still deliver every byte written
 * before it through short and refused writes; a close from another thread, twice, ends the
 * connection once; a group shut down with transfers in flight terminates, closes every connection
 * exactly once, and leaves nothing open.
 */
final class CloseUnderFaults {

    private static final Logger log = LoggerFactory.getLogger(CloseUnderFaults.class);

    private final FaultCase fc;

    CloseUnderFaults(FaultCase fc) {
        this.fc = fc;
    }

    /** The server writes a seeded payload in onOpen and closes at once; the client reads to EOF. */
    void gracefulCloseDeliversEveryByte(int clients, long maxBytes) throws Exception {
        TckContext ctx = fc.ctx;
        SplittableRandom r = new SplittableRandom(fc.seed);
        long seed = r.nextLong();
        long size = 1 + r.nextLong(maxBytes);
        Server server = ctx.group().listen(TckContext.loopback(), setup -> new WriteThenClose(fc, seed, size, false));
        String expected = Transfer.expected(seed, size);
        int clean = 0;
        for (int i = 0; i < clients; i++) {
            Socket s = fc.unconnected();
            InetSocketAddress me = (InetSocketAddress) s.getLocalSocketAddress();
            // The server writes at once: an error injected at its first bytes can reset the
            // connection before connect() has returned here.
            IOException failed = fc.connect(s, server.localAddress());
            Transfer.Side got = failed == null ? Transfer.read(s.getInputStream(), Long.MAX_VALUE)
                    : new Transfer.Side(0, null, failed);
            s.close();
            ServerSide end = fc.serverEnd(me);
            if (fc.verifyEnd(end, true) == null) {
                clean++;
                assertEquals(size, got.bytes(), () -> "bytes before EOF, written before a graceful close; " + end + "; " + fc);
                assertEquals(expected, got.sha256(), () -> "SHA-256 of what was written before close(); " + fc);
            }
        }
        log.info("graceful close on {} under faults, seed {}: {} of {} connections intact ({} bytes each); {}",
                fc.faults.name(), fc.seed, clean, clients, size, fc.faults.stats());
    }

    /** The server writes a payload; the test thread calls close() twice; every byte arrives, onClosed once. */
    void closeFromAnotherThreadTwice(long bytes) throws Exception {
        TckContext ctx = fc.ctx;
        Server server = ctx.group().listen(TckContext.loopback(), setup -> new WriteThenClose(fc, fc.seed, bytes, true));
        Socket s = ctx.connect(server.localAddress());
        InetSocketAddress me = (InetSocketAddress) s.getLocalSocketAddress();
        ServerSide end = fc.serverEnd(me);
        Connection c = ctx.await(end.opened, "onOpen");
        c.close();
        c.close();
        Transfer.Side got = Transfer.read(s.getInputStream(), Long.MAX_VALUE);
        s.close();
        fc.verifyEnd(end, true);
        assertEquals(bytes, got.bytes(), () -> "bytes before EOF; " + fc);
        assertEquals(Transfer.expected(fc.seed, bytes), got.sha256(), () -> "SHA-256 before EOF; " + fc);
    }

    /**
     * Clients stream into echo connections; once each has had its first echo the group is shut down
     * gracefully with a short deadline. It must terminate; every connection ends exactly once.
     */
    void shutdownWithTransfersInFlight(int clients) throws Exception {
        TckContext ctx = fc.ctx;
        LoopGroup g = ctx.group();
        Server server = g.listen(TckContext.loopback(), setup -> new ServerSide.Echo(fc));
        AtomicBoolean stop = new AtomicBoolean();
        List<Socket> sockets = new ArrayList<>();
        List<CompletableFuture<Transfer.Side>> readers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Socket s = ctx.connect(server.localAddress());
            sockets.add(s);
            long seed = fc.seed + i;
            ctx.async("shutdown-writer-" + i, () -> stream(s.getOutputStream(), seed, stop));
            readers.add(ctx.async("shutdown-reader-" + i, () -> Transfer.read(s.getInputStream(), Long.MAX_VALUE)));
        }
        List<ServerSide> ends = new ArrayList<>();
        for (Socket s : sockets) {
            ServerSide end = fc.serverEnd((InetSocketAddress) s.getLocalSocketAddress());
            ends.add(end);
            ctx.awaitUntil("first echo bytes or the end of " + end,
                    () -> ((ServerSide.Echo) end).echoed > 0 || end.closed.isDone());
        }
        ctx.await(g.shutdownGracefully(Duration.ofMillis(500)), "shutdownGracefully with transfers in flight; " + fc);
        ctx.await(g.terminationFuture(), "termination; " + fc);
        stop.set(true);
        for (ServerSide end : ends) {
            fc.verifyEnd(end, false);
        }
        for (CompletableFuture<Transfer.Side> reader : readers) {
            ctx.await(reader, "a client's reader to see EOF or a reset after the shutdown");
        }
        assertTrue(g.terminationFuture().toCompletableFuture().isDone(), "group terminated");
        log.info("shutdown on {} with {} transfers in flight under faults, seed {}: terminated; {}", fc.faults.name(),
                clients, fc.seed, fc.faults.stats());
    }

    private static Void stream(OutputStream out, long seed, AtomicBoolean stop) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] b = new byte[8 * 1024];
        try {
            while (!stop.get()) {
                r.nextBytes(b);
                out.write(b, 0, 1 + r.nextInt(b.length));
            }
        } catch (IOException e) {
            // the server closed or reset: expected at the shutdown
        }
        return null;
    }

    /** Writes {@code size} seeded bytes in random pieces in onOpen, then closes unless told not to. */
    static final class WriteThenClose extends ServerSide {
        private final long seed;
        private final long size;
        private final boolean leaveOpen;

        WriteThenClose(FaultCase fc, long seed, long size, boolean leaveOpen) {
            super(fc);
            this.seed = seed;
            this.size = size;
            this.leaveOpen = leaveOpen;
        }

        @Override
        void open(Connection c) {
            ByteBuffer all = ByteBuffer.allocate((int) size);
            Transfer.write(new OutputStream() {
                @Override
                public void write(int b) {
                    all.put((byte) b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    all.put(b, off, len);
                }
            }, seed, size);
            all.flip();
            SplittableRandom r = new SplittableRandom(seed);
            while (all.hasRemaining()) {
                int n = Math.min(all.remaining(), 1 + r.nextInt(256 * 1024));
                ByteBuffer piece = all.slice(all.position(), n);
                all.position(all.position() + n);
                c.write(piece);
            }
            if (!leaveOpen) {
                c.close();
            }
        }

        @Override
        public void onInputShutdown(Connection c) {
            // The client only reads; its FIN comes after our EOF. Nothing to do: close() is under way.
        }
    }
}
