package dev.loopwork.example;

import dev.loopwork.SocketOptions;
import dev.loopwork.WrongThreadException;
import dev.loopwork.spi.Interest;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.NetListener;
import dev.loopwork.spi.NetSocket;
import dev.loopwork.spi.Pollable;
import dev.loopwork.spi.Registration;
import dev.loopwork.spi.jdk.JdkSockets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Registrations on loopback sockets: readiness, level triggering, interest changes, cancel, misuse. */
class RegistrationTest extends LoopTestBase {

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void registerFromAForeignThreadThrowsWrongThread(Flavour flavour) throws Exception {
        LoopOps loop = newLoop(flavour);
        try (NetListener listener = JdkSockets.instance().listen(LoopbackPair.anyLoopbackPort(), SocketOptions.defaults())) {
            WrongThreadException e = assertThrows(WrongThreadException.class,
                    () -> loop.register(listener, Interest.READ, (r, ops) -> { }));
            assertTrue(e.getMessage().contains(Thread.currentThread().getName()), e.getMessage());
            // The same call on the loop thread works.
            Registration reg = onLoop(loop, () -> loop.register(listener, Interest.READ, (r, ops) -> { }));
            assertThrows(WrongThreadException.class, () -> reg.interest(0), "interest() from a foreign thread");
            assertThrows(WrongThreadException.class, reg::cancel, "cancel() from a foreign thread");
            onLoop(loop, () -> {
                reg.cancel();
                return null;
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void readinessIsLevelTriggered(Flavour flavour) throws Exception {
        LoopOps loop = newLoop(flavour);
        try (LoopbackPair pair = LoopbackPair.open(loop)) {
            byte[] sent = "level-triggered".getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream received = new ByteArrayOutputStream(); // loop thread only
            AtomicInteger calls = new AtomicInteger();
            CompletableFuture<byte[]> eof = new CompletableFuture<>();
            onLoop(loop, () -> loop.register(pair.server, Interest.READ, (reg, ops) -> {
                calls.incrementAndGet();
                if (ops != Interest.READ) {
                    reg.cancel();
                    eof.completeExceptionally(new AssertionError("readiness " + Interest.toString(ops)));
                    return;
                }
                ByteBuffer one = ByteBuffer.allocate(1); // one byte per readiness: the rest must be reported again
                try {
                    int n = pair.server.read(one);
                    if (n > 0) {
                        received.write(one.get(0));
                    } else if (n < 0) {
                        reg.cancel();
                        eof.complete(received.toByteArray());
                    }
                } catch (IOException e) {
                    reg.cancel();
                    eof.completeExceptionally(e);
                }
            }));
            pair.client.getOutputStream().write(sent);
            pair.client.shutdownOutput();
            assertEquals(new String(sent, StandardCharsets.US_ASCII), new String(get(eof), StandardCharsets.US_ASCII));
            assertTrue(calls.get() >= sent.length + 1, "one readiness per byte and one for the end, got " + calls);
        }
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void aConnectFinishesThroughWriteAndWriteIsReportedAfterIt(Flavour flavour) throws Exception {
        LoopOps loop = newLoop(flavour);
        try (NetListener listener = JdkSockets.instance().listen(LoopbackPair.anyLoopbackPort(), SocketOptions.defaults());
             NetSocket socket = JdkSockets.instance().connect(listener.localAddress(), SocketOptions.defaults())) {
            AtomicInteger writable = new AtomicInteger();
            CompletableFuture<Integer> done = new CompletableFuture<>();
            onLoop(loop, () -> loop.register(socket, Interest.WRITE, (reg, ops) -> {
                try {
                    if (writable.getAndIncrement() == 0) {
                        assertTrue(socket.finishConnect(), "WRITE after connect means the connect finished");
                    } else {
                        // Once connected, the loop must watch OP_WRITE (not OP_CONNECT) to say so again.
                        reg.cancel();
                        done.complete(ops);
                    }
                } catch (IOException | AssertionError e) {
                    reg.cancel();
                    done.completeExceptionally(e);
                }
            }));
            assertEquals(Interest.WRITE, get(done));
        }
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void interestZeroSilencesARegistrationUntilItIsRestored(Flavour flavour) throws Exception {
        LoopOps loop = newLoop(flavour);
        try (LoopbackPair pair = LoopbackPair.open(loop)) {
            pair.client.getOutputStream().write(1); // stays unread: the socket is readable throughout
            AtomicInteger calls = new AtomicInteger();
            CompletableFuture<Void> first = new CompletableFuture<>();
            Registration reg = onLoop(loop, () -> loop.register(pair.server, Interest.READ, (r, ops) -> {
                calls.incrementAndGet();
                r.interest(0);
                first.complete(null);
            }));
            get(first);
            iterations(loop, 5);
            assertEquals(1, calls.get(), "callbacks with interest 0");
            assertEquals(0, (int) onLoop(loop, reg::interest));
            onLoop(loop, () -> {
                reg.interest(Interest.READ);
                return null;
            });
            iterations(loop, 2);
            assertTrue(calls.get() >= 2, "the unread byte is reported again once READ is back");
            onLoop(loop, () -> {
                reg.cancel();
                return null;
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void noCallbackAfterCancelAndTheInterestCannotChange(Flavour flavour) throws Exception {
        LoopOps loop = newLoop(flavour);
        try (LoopbackPair pair = LoopbackPair.open(loop)) {
            pair.client.getOutputStream().write(1);
            AtomicInteger calls = new AtomicInteger();
            CompletableFuture<Registration> cancelled = new CompletableFuture<>();
            CompletableFuture<Registration> again = new CompletableFuture<>();
            onLoop(loop, () -> loop.register(pair.server, Interest.READ, (r, ops) -> {
                calls.incrementAndGet();
                r.cancel();
                r.cancel(); // idempotent
                cancelled.complete(r);
                // The JDK keeps a cancelled key until its next select; registering again must still work.
                loop.register(pair.server, Interest.READ, (r2, ops2) -> {
                    r2.cancel();
                    again.complete(r2);
                });
            }));
            Registration reg = get(cancelled);
            assertFalse(onLoop(loop, get(again)::isValid), "the second registration was called and cancelled");
            iterations(loop, 5);
            assertEquals(1, calls.get(), "callbacks of the first registration after its cancel");
            assertFalse(onLoop(loop, reg::isValid));
            IllegalStateException e = onLoop(loop, () -> assertThrows(IllegalStateException.class,
                    () -> reg.interest(Interest.READ)));
            assertTrue(e.getMessage().contains("cancelled"), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void aCancelledAndClosedListenersPortIsFreeForTheNextTask(Flavour flavour) throws Exception {
        LoopOps loop = newLoop(flavour);
        NetListener listener = JdkSockets.instance().listen(LoopbackPair.anyLoopbackPort(), SocketOptions.defaults());
        InetSocketAddress address = listener.localAddress();
        Registration reg = onLoop(loop, () -> loop.register(listener, Interest.READ, (r, ops) -> { }));
        AtomicReference<NetListener> rebound = new AtomicReference<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        // Hold the loop so that the next two tasks run in one batch, with no select between them
        // unless the loop does one for the cancel.
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> {
            try {
                release.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        loop.execute(() -> {
            reg.cancel();
            listener.close(); // a selector that has not let go keeps the port bound
        });
        loop.execute(() -> {
            try {
                rebound.set(JdkSockets.instance().listen(address, SocketOptions.defaults()));
                done.complete(null);
            } catch (IOException e) {
                done.completeExceptionally(e);
            }
        });
        release.countDown();
        get(done);
        rebound.get().close();
        assertFalse(listener.isOpen());
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void misuseGetsTypedExceptionsThatNameTheProblem(Flavour flavour) throws Exception {
        LoopOps loop = newLoop(flavour);
        try (NetListener listener = JdkSockets.instance().listen(LoopbackPair.anyLoopbackPort(), SocketOptions.defaults())) {
            onLoop(loop, () -> {
                IllegalArgumentException stray = assertThrows(IllegalArgumentException.class,
                        () -> loop.register(listener, 0x10, (r, ops) -> { }));
                assertTrue(stray.getMessage().contains("0x10"), stray.getMessage());
                IllegalArgumentException write = assertThrows(IllegalArgumentException.class,
                        () -> loop.register(listener, Interest.WRITE, (r, ops) -> { }));
                assertTrue(write.getMessage().contains("WRITE"), write.getMessage());
                IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
                        () -> loop.register(new NotAJdkSocket(), Interest.READ, (r, ops) -> { }));
                assertTrue(foreign.getMessage().contains("JdkSockets"), foreign.getMessage());
                Registration reg = loop.register(listener, Interest.READ, (r, ops) -> { });
                assertThrows(IllegalStateException.class, () -> loop.register(listener, Interest.READ, (r, ops) -> { }),
                        "a second registration of the same socket");
                assertThrows(IllegalArgumentException.class, () -> reg.interest(Interest.WRITE));
                assertEquals(Interest.READ, reg.interest(), "a refused interest leaves the old one");
                reg.cancel();
                return null;
            });
        }
    }

    /** A pollable that no JDK selector can watch. */
    private static final class NotAJdkSocket implements Pollable {
        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public InetSocketAddress localAddress() {
            return null;
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            return null;
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return "NotAJdkSocket";
        }
    }
}
