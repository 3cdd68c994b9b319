package dev.loopwork.nativeloop.testkit;

import dev.loopwork.SocketOptions;
import dev.loopwork.WrongThreadException;
import dev.loopwork.nativeloop.ManualLoop;
import dev.loopwork.nativeloop.ManualLoopHost;
import dev.loopwork.spi.Interest;
import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.spi.NetListener;
import dev.loopwork.spi.NetSocket;
import dev.loopwork.spi.Registration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@code *-manual} provider must do: loops run by a thread the application chooses
 * (here the test's own), a dedicated thread for the service-loader instance, and a host that
 * throws failing the loop cleanly. Extend it with the provider's constructors.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a loop that blocked where it must not would hang the test
public abstract class ManualLoopContract {

    /** The provider as the service loader makes it: every loop on a dedicated thread. */
    protected abstract LoopProvider provider();

    /** The provider whose loops {@code host} runs. */
    protected abstract LoopProvider provider(ManualLoopHost host);

    /** Loads the transport's native library, so that its descriptors are in the "before" snapshots. */
    protected abstract void loadTransport();

    @BeforeAll
    static void warmUp() throws IOException {
        java.nio.channels.Selector.open().close(); // see LoopTestSupport.warmUp
    }

    /** Runs {@code loop} on this thread until {@code done}, a bounded number of iterations. */
    private static void runUntil(ManualLoop loop, BooleanSupplier done) {
        for (int i = 0; i < 10_000 && !done.getAsBoolean(); i++) {
            loop.run(Duration.ofMillis(10));
        }
        assertTrue(done.getAsBoolean(), "condition not reached while running " + loop);
    }

    @Test
    public void theApplicationsThreadRunsTasksIoAndFakes() throws Exception {
        loadTransport();
        Map<String, Integer> fdsBefore = Fds.snapshot();
        List<ManualLoop> hosted = new CopyOnWriteArrayList<>();
        LoopProvider provider = provider(hosted::add);
        assertTrue(provider.name().endsWith("-manual"), provider.name());
        assertTrue(provider.priority() < 0, "never picked by auto");
        LoopOps ops = provider.newLoop(new LoopConfig("manual-loop-0", 0));
        assertEquals(1, hosted.size());
        ManualLoop loop = hosted.get(0);
        assertEquals("manual-loop-0", loop.name());
        assertNull(loop.thread());

        AtomicReference<Thread> ranOn = new AtomicReference<>();
        ops.execute(() -> ranOn.set(Thread.currentThread()));
        assertFalse(ops.inLoop());
        assertNull(ranOn.get(), "nothing runs until a thread runs the loop");
        runUntil(loop, () -> ranOn.get() != null);
        assertSame(Thread.currentThread(), ranOn.get());
        assertSame(Thread.currentThread(), loop.thread());
        assertTrue(ops.inLoop(), "this thread is the loop thread now");

        // I/O readiness, driven by this thread.
        NetListener listener = provider.sockets().listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                SocketOptions.defaults());
        CompletableFuture<NetSocket> accepted = new CompletableFuture<>();
        Registration lr = ops.register(listener, Interest.READ, (r, o) -> {
            try {
                NetSocket s = listener.accept();
                if (s != null) {
                    accepted.complete(s);
                }
            } catch (IOException e) {
                accepted.completeExceptionally(e);
            }
        });
        try (Socket client = new Socket(listener.localAddress().getAddress(), listener.localAddress().getPort())) {
            runUntil(loop, accepted::isDone);
            NetSocket server = accepted.get();
            List<Integer> reads = new CopyOnWriteArrayList<>();
            ByteBuffer buf = ByteBuffer.allocateDirect(16);
            Registration sr = ops.register(server, Interest.READ, (r, o) -> {
                try {
                    reads.add(server.read(buf));
                } catch (IOException e) {
                    reads.add(-2);
                }
            });
            client.getOutputStream().write(new byte[] {1, 2, 3});
            runUntil(loop, () -> !reads.isEmpty());
            assertEquals(List.of(3), reads);

            // A fake with nothing on the socket: one run with a day's wait returns with it delivered.
            assertTrue(ops.fakePollIn(sr));
            loop.run(Duration.ofDays(1));
            assertEquals(List.of(3, 0), reads);

            // Only the loop's thread may run it.
            CompletableFuture<Throwable> other = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    loop.runNow();
                    other.complete(null);
                } catch (Throwable e) {
                    other.complete(e);
                }
            }, "not-the-loop-thread");
            t.start();
            assertTrue(other.get(20, TimeUnit.SECONDS) instanceof WrongThreadException);
            t.join(TimeUnit.SECONDS.toMillis(20));

            sr.cancel();
            server.close();
        }
        lr.cancel();
        listener.close();

        CompletableFuture<Void> done = ops.shutdown().toCompletableFuture();
        assertFalse(done.isDone(), "a manual loop terminates inside a run");
        runUntil(loop, loop::isTerminated);
        assertTrue(done.isDone());
        assertTrue(loop.terminationFuture().toCompletableFuture().isDone());
        assertEquals(0, loop.runNow(), "runs after termination do nothing");
        assertEquals(fdsBefore, Fds.snapshot());
    }

    @Test
    public void theServiceLoaderInstanceHostsEachLoopOnADedicatedThread() throws Exception {
        loadTransport();
        Map<String, Integer> fdsBefore = Fds.snapshot();
        LoopProvider provider = provider();
        LoopOps ops = provider.newLoop(new LoopConfig("manual-dedicated-7", 7));
        CompletableFuture<String> ranOn = new CompletableFuture<>();
        ops.execute(() -> ranOn.complete(Thread.currentThread().getName()));
        assertEquals("manual-dedicated-7", ranOn.get(20, TimeUnit.SECONDS));
        CompletableFuture<Boolean> timer = new CompletableFuture<>();
        ops.schedule(() -> timer.complete(ops.inLoop()), 5, TimeUnit.MILLISECONDS);
        assertTrue(timer.get(20, TimeUnit.SECONDS));
        ops.shutdown().toCompletableFuture().get(20, TimeUnit.SECONDS);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(th -> th.getName().equals("manual-dedicated-7")));
        assertEquals(fdsBefore, Fds.snapshot());
    }

    @Test
    public void aHostThatThrowsFailsTheLoopAndReleasesIt() throws Exception {
        loadTransport();
        Map<String, Integer> fdsBefore = Fds.snapshot();
        ManualLoopHost broken = loop -> {
            throw new IllegalStateException("no thread for you (expected by the test)");
        };
        LoopProvider provider = provider(broken);
        dev.loopwork.LoopworkException e = assertThrows(dev.loopwork.LoopworkException.class,
                () -> provider.newLoop(new LoopConfig("manual-broken", 0)));
        assertTrue(e.getMessage().contains("manual-broken"), e.getMessage());
        assertEquals(fdsBefore, Fds.snapshot(), "the poller and event descriptors of the loop were closed");
    }
}
