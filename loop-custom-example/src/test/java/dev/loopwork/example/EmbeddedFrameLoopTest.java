package dev.loopwork.example;

import dev.loopwork.Connection;
import dev.loopwork.ConnectionHandler;
import dev.loopwork.LoopGroup;
import dev.loopwork.Server;
import dev.loopwork.bootstrap.Loopwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedding the tick mode exists for: a whole loop group (the connection core, a server, a
 * connection) runs inside the test thread's own frame loop, with no loop thread anywhere.
 */
class EmbeddedFrameLoopTest {

    private static final int CHUNK = 64 * 1024;
    private static final int CHUNKS = 16;

    /** Writes back what it gets; the client waits for each echo, so no more than a chunk is in flight. */
    private static final class Echo implements ConnectionHandler {
        @Override
        public void onData(Connection connection, ByteBuffer data) {
            ByteBuffer copy = ByteBuffer.allocate(data.remaining()); // data is only valid during the call
            copy.put(data).flip();
            connection.write(copy);
        }
    }

    /** One frame: tick every loop; rest a little if none had anything to do. */
    private static void frame(Queue<TickLoop> loops) {
        boolean busy = false;
        for (TickLoop loop : loops) {
            busy |= loop.tick();
        }
        if (!busy) {
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
        }
    }

    private static void framesUntil(Queue<TickLoop> loops, CompletableFuture<?> done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LoopTestBase.TIMEOUT_SECONDS);
        for (long n = 0; n < 100_000_000L && !done.isDone() && System.nanoTime() - deadline < 0; n++) {
            frame(loops);
        }
        assertTrue(done.isDone(), "not done after " + LoopTestBase.TIMEOUT_SECONDS + " s of frames");
    }

    @Test
    @Timeout(120)
    void aLoopGroupRunsInsideTheApplicationsFrameLoop() throws Exception {
        FdCounts before = FdCounts.now();
        Queue<TickLoop> loops = new ConcurrentLinkedQueue<>();
        LoopGroup group = Loopwork.group().provider(new ExampleTickFakePollInProvider(loops::add))
                .loops(2).name("frame-group").build();
        assertEquals(2, loops.size(), "the provider handed every loop to the application");

        Server server = group.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), setup -> new Echo());
        byte[] sent = new byte[CHUNK * CHUNKS];
        new Random(42).nextBytes(sent);
        // The peer needs a thread of its own: the test thread is busy being the frame loop.
        CompletableFuture<byte[]> echoed = CompletableFuture.supplyAsync(() -> {
            try (Socket client = new Socket()) {
                client.setSoTimeout(30_000);
                client.connect(server.localAddress(), 10_000);
                DataInputStream in = new DataInputStream(client.getInputStream());
                byte[] back = new byte[sent.length];
                for (int i = 0; i < CHUNKS; i++) {
                    client.getOutputStream().write(sent, i * CHUNK, CHUNK);
                    in.readFully(back, i * CHUNK, CHUNK);
                }
                return back;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        framesUntil(loops, echoed);
        assertArrayEquals(sent, echoed.get(), "echo through the frame loop");

        CompletableFuture<Void> stopped = group.shutdownGracefully(Duration.ofSeconds(10)).toCompletableFuture();
        framesUntil(loops, stopped);
        assertEquals(0, group.buffers().outstanding(), () -> group.buffers().leakReport());
        assertTrue(loops.stream().allMatch(SelectorLoop::isTerminated), () -> "loops: " + loops);
        assertEquals(before, FdCounts.now(), "sockets and selectors are closed");
    }
}
