package dev.loopwork.iouring;

import dev.loopwork.SocketOptions;
import dev.loopwork.nativeloop.ManualLoop;
import dev.loopwork.nativeloop.testkit.Fds;
import dev.loopwork.spi.Interest;
import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.NetListener;
import dev.loopwork.spi.NetSocket;
import dev.loopwork.spi.Registration;
import io.netty.channel.unix.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What is particular to polls in an io_uring: a poll in the kernel holds the socket's file, so a
 * cancel must reach the kernel before the socket's close returns; and a poll that keeps failing must
 * not spin the loop. The test's own thread runs an {@code io_uring-manual} loop, so that it decides
 * exactly when the ring is entered.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IoUringPollLifecycleTest {

    private static final SocketOptions NO_REUSE = SocketOptions.builder().reuseAddress(false).build();

    private Map<String, Integer> fdsBefore;
    private LoopOps ops;
    private ManualLoop loop;

    @BeforeAll
    static void warmUp() throws IOException {
        java.nio.channels.Selector.open().close(); // see LoopTestSupport.warmUp
        io.netty.channel.uring.IoUring.isAvailable();
    }

    @BeforeEach
    void openLoop() {
        fdsBefore = Fds.snapshot();
        List<ManualLoop> hosted = new CopyOnWriteArrayList<>();
        ops = new IoUringManualLoopProvider(hosted::add).newLoop(new LoopConfig("poll-lifecycle", 0));
        loop = hosted.get(0);
        loop.runNow(); // this thread is the loop thread from now on
        assertTrue(ops.inLoop());
    }

    @AfterEach
    void closeLoop() {
        ops.shutdown();
        runUntil(loop::isTerminated);
        assertEquals(fdsBefore, Fds.snapshot(), "descriptors before vs after");
    }

    private void runUntil(BooleanSupplier done) {
        for (int i = 0; i < 10_000 && !done.getAsBoolean(); i++) {
            loop.run(Duration.ofMillis(10));
        }
        assertTrue(done.getAsBoolean(), "condition not reached while running " + loop);
    }

    private static NetListener listen(IoUringSockets sockets) throws IOException {
        return sockets.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), NO_REUSE);
    }

    /** Binds {@code address} without SO_REUSEADDR: fails while any socket still holds the port. */
    private static void assertPortFree(InetSocketAddress address, String when) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(address);
        } catch (IOException e) {
            throw new AssertionError("port of the closed listener still held " + when + ": " + e, e);
        }
    }

    private static void assertRefused(InetSocketAddress address) {
        assertThrows(ConnectException.class, () -> {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(address, 10_000);
            }
        }, "a closed listener refuses connections at once");
    }

    @Test
    void aCancelOutsideARunReachesTheKernelBeforeTheCloseReturns() throws Exception {
        IoUringSockets sockets = (IoUringSockets) new IoUringManualLoopProvider(l -> { }).sockets();
        NetListener listener = listen(sockets);
        InetSocketAddress address = listener.localAddress();
        AtomicInteger calls = new AtomicInteger();
        Registration r = ops.register(listener, Interest.READ, (reg, o) -> calls.incrementAndGet());
        loop.runNow(); // the poll is in the kernel now, waiting for a connection
        assertTrue(r.toString().contains("polls armed=R"), r.toString());

        // As in a task of the core: cancel, close, and the port is expected free before anything else runs.
        r.cancel();
        listener.close();
        assertRefused(address);
        assertPortFree(address, "right after cancel() and close() outside a run");
        assertEquals(0, calls.get());
    }

    @Test
    void aCancelInsideACallbackReachesTheKernelBeforeTheRunReturns() throws Exception {
        IoUringSockets sockets = (IoUringSockets) new IoUringManualLoopProvider(l -> { }).sockets();
        NetListener listener = listen(sockets);
        InetSocketAddress address = listener.localAddress();
        AtomicInteger calls = new AtomicInteger();
        // WRITE never completes on a listening socket: that poll stays in the kernel until cancelled. The
        // connection is left in the backlog (the close resets it): an accepted and closed one would hold
        // the port in TIME_WAIT.
        ops.register(listener, Interest.ALL, (reg, o) -> {
            calls.incrementAndGet();
            reg.cancel();
            listener.close();
        });
        loop.runNow();
        java.net.Socket client = new java.net.Socket(address.getAddress(), address.getPort());
        try {
            runUntil(() -> calls.get() > 0);
        } finally {
            client.close();
        }
        assertEquals(1, calls.get());
        assertFalse(listener.isOpen());
        assertRefused(address);
        assertPortFree(address, "once the run that made the callback returned");
    }

    @Test
    void aPollThatKeepsFailingIsReportedThenGivenUpInsteadOfSpinning() throws Exception {
        IoUringSockets sockets = (IoUringSockets) new IoUringManualLoopProvider(l -> { }).sockets();
        try (ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            NetSocket s = sockets.connect((InetSocketAddress) peer.getLocalSocketAddress(), SocketOptions.defaults());
            java.net.Socket accepted = peer.accept();
            try {
                AtomicInteger reported = new AtomicInteger();
                Registration r = ops.register(s, 0, (reg, o) -> reported.incrementAndGet());
                // The descriptor goes away behind the registration's back: every poll on it fails (EBADF).
                s.unwrap(Socket.class).close();
                r.interest(Interest.READ);
                for (int i = 0; i < 3 * IoUringRegistration.MAX_FAILED_POLLS; i++) {
                    loop.runNow(); // one failed poll per run at most: it is re-armed for the next one
                }
                assertEquals(IoUringRegistration.MAX_FAILED_POLLS - 1, reported.get(),
                        "each failed poll is reported as READ until the registration gives up");
                assertTrue(r.toString().contains("gave up"), r.toString());
                r.cancel();
            } finally {
                accepted.close();
            }
            s.close();
        }
    }
}
