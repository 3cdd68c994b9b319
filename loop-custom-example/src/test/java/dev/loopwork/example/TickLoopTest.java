package dev.loopwork.example;

import dev.loopwork.SocketOptions;
import dev.loopwork.WrongThreadException;
import dev.loopwork.spi.Interest;
import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.spi.jdk.JdkSockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tick drive mode with the test thread as the application's frame loop (no {@link TickHost}),
 * and the providers as {@link ServiceLoader} sees them.
 */
class TickLoopTest {

    /** Ticks until {@code done} completes: a frame loop, bounded in frames and in time. */
    private static void frames(TickLoop loop, CompletableFuture<?> done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LoopTestBase.TIMEOUT_SECONDS);
        for (int frame = 0; frame < 10_000_000 && !done.isDone() && System.nanoTime() - deadline < 0; frame++) {
            if (!loop.tick()) {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100)); // the rest of a frame
            }
        }
        assertTrue(done.isDone(), "not done after ticking for " + LoopTestBase.TIMEOUT_SECONDS + " s");
    }

    @Test
    @Timeout(60)
    void tickNeverBlocksAndOnlyTheTickingThreadIsInTheLoop() throws Exception {
        FdCounts before = FdCounts.now();
        TickLoop loop = TickLoop.create("frame-loop", false);
        loop.schedule(() -> { }, 1, TimeUnit.HOURS); // from outside a tick: the timer heap takes it in at the next tick
        assertFalse(loop.tick(), "nothing to do: a timer an hour away must not hold the frame");
        assertFalse(loop.tick(), "nothing to do, again");
        assertFalse(loop.inLoop(), "outside a tick nobody is the loop thread");
        List<Boolean> inLoop = new ArrayList<>();
        loop.execute(() -> inLoop.add(loop.inLoop()));
        assertTrue(loop.tick(), "the task ran");
        assertEquals(List.of(true), inLoop);

        CompletableFuture<Throwable> nested = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                loop.tick();
                nested.complete(null);
            } catch (IllegalStateException e) {
                nested.complete(e);
            }
        });
        loop.tick();
        Throwable e = nested.getNow(null);
        assertInstanceOf(IllegalStateException.class, e, "tick() from inside a task");
        assertTrue(e.getMessage().contains("inside its own callback"), e.getMessage());

        CompletableFuture<Void> stopped = loop.shutdown().toCompletableFuture();
        frames(loop, stopped);
        assertTrue(loop.isTerminated());
        assertFalse(loop.tick(), "a terminated loop has nothing to do");
        assertEquals(before, FdCounts.now(), "the selector is closed");
    }

    @Test
    @Timeout(60)
    void aFrameLoopServesSocketsAndFakes() throws Exception {
        FdCounts before = FdCounts.now();
        TickLoop loop = TickLoop.create("frame-loop", true);
        var listener = JdkSockets.instance().listen(LoopbackPair.anyLoopbackPort(), SocketOptions.defaults());
        assertThrows(WrongThreadException.class, () -> loop.register(listener, Interest.READ, (r, ops) -> { }),
                "register outside a tick");
        Socket client = new Socket();
        client.connect(listener.localAddress(), 10_000); // completes through the backlog: nobody accepts yet

        CompletableFuture<ByteBuffer> received = new CompletableFuture<>();
        AtomicReference<Integer> fakeOps = new AtomicReference<>();
        loop.execute(() -> loop.register(listener, Interest.READ, (lr, lops) -> {
            try {
                var server = listener.accept();
                if (server == null) {
                    return;
                }
                lr.cancel();
                ByteBuffer in = ByteBuffer.allocate(5);
                var reg = loop.register(server, Interest.READ, (r, ops) -> {
                    try {
                        if (fakeOps.get() == null) {
                            fakeOps.set(ops); // the fake came first: nothing was sent yet
                            client.getOutputStream().write("frame".getBytes(StandardCharsets.US_ASCII));
                            return;
                        }
                        server.read(in);
                        if (!in.hasRemaining()) {
                            r.cancel();
                            server.close();
                            received.complete(in.flip());
                        }
                    } catch (IOException e) {
                        received.completeExceptionally(e);
                    }
                });
                loop.fakePollIn(reg);
            } catch (IOException e) {
                received.completeExceptionally(e);
            }
        }));
        frames(loop, received);
        assertEquals("frame", StandardCharsets.US_ASCII.decode(received.get()).toString());
        assertEquals(Interest.READ, fakeOps.get());
        client.close();
        listener.close();
        CompletableFuture<Void> stopped = loop.shutdown().toCompletableFuture();
        frames(loop, stopped);
        assertEquals(before, FdCounts.now(), "sockets and selector are closed");
    }

    @Test
    void theFourProvidersAreFoundAndNeverPickedAutomatically() {
        List<String> names = new ArrayList<>();
        for (LoopProvider p : ServiceLoader.load(LoopProvider.class)) {
            if (p.getClass().getPackageName().equals("dev.loopwork.example")) {
                names.add(p.name());
                assertTrue(p.priority() < 0, p + " has a priority that auto could pick");
                assertTrue(p.isAvailable(), p + " is unavailable");
                assertTrue(p.unavailabilityCause().isEmpty());
                assertSame(JdkSockets.instance(), p.sockets());
            }
        }
        names.sort(null);
        assertEquals(List.of("example-thread", "example-thread-fakepollin", "example-tick", "example-tick-fakepollin"),
                names);
    }

    @Test
    @Timeout(60)
    void aProviderHandsItsTickLoopsToTheApplicationsHost() throws Exception {
        List<TickLoop> handed = new ArrayList<>();
        LoopOps ops = new ExampleTickProvider(handed::add).newLoop(new LoopConfig("frame-loop", 0));
        assertEquals(1, handed.size());
        assertSame(ops, handed.get(0));
        assertNull(findThread("frame-loop"), "no host thread: the application ticks");
        CompletableFuture<Boolean> ran = new CompletableFuture<>();
        ops.execute(() -> ran.complete(ops.inLoop()));
        frames(handed.get(0), ran);
        assertTrue(ran.get());
        CompletableFuture<Void> stopped = ops.shutdown().toCompletableFuture();
        frames(handed.get(0), stopped);
    }

    private static Thread findThread(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
