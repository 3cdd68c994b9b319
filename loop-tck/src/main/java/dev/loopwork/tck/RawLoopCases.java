package dev.loopwork.tck;

import dev.loopwork.SocketOptions;
import dev.loopwork.WrongThreadException;
import dev.loopwork.spi.Interest;
import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.NetListener;
import dev.loopwork.spi.NetSocket;
import dev.loopwork.spi.Registration;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SPI itself, without the connection core: one {@link LoopOps} of the provider and its
 * {@link dev.loopwork.spi.Sockets}, driven the way the core drives them. This is where a custom loop
 * fails first, and the failure names the SPI method rather than a symptom three layers up.
 *
 * <ul>
 *   <li>{@code register} off the loop thread throws {@link WrongThreadException} naming the thread;
 *       stray interest bits throw {@link IllegalArgumentException};</li>
 *   <li>READ readiness of a listener with a pending connection reaches the callback on the loop;</li>
 *   <li>after {@code cancel()} and a close in the next task, the port is free;</li>
 *   <li>{@code fakePollIn} either declines or delivers READ on an idle socket, without any other
 *       event waking the loop, as the provider's {@link FakePollInExpectation} says;</li>
 *   <li>after {@code shutdown()} completes, {@code execute} throws {@link RejectedExecutionException}.</li>
 * </ul>
 */
final class RawLoopCases {

    private final TckContext ctx;

    RawLoopCases(TckContext ctx) {
        this.ctx = ctx;
    }

    private LoopOps newLoop() {
        return ctx.provider().newLoop(new LoopConfig("tck-raw-" + ctx.provider().name(), 0));
    }

    void registerListenCancelAndShutdown() throws Exception {
        LoopOps ops = newLoop();
        NetListener listener = ctx.track(ctx.provider().sockets().listen(TckContext.loopback(), SocketOptions.defaults()));
        try {
            assertFalse(ops.inLoop(), "inLoop() on the test thread");
            WrongThreadException e = assertThrows(WrongThreadException.class,
                    () -> ops.register(listener, Interest.READ, (r, o) -> { }), "register() off the loop thread");
            assertTrue(e.getMessage() != null && e.getMessage().contains(Thread.currentThread().getName()),
                    "the message must name the calling thread: " + e.getMessage());

            CompletableFuture<Registration> registered = new CompletableFuture<>();
            CompletableFuture<NetSocket> accepted = new CompletableFuture<>();
            AtomicInteger offLoop = new AtomicInteger();
            ops.execute(() -> {
                try {
                    assertThrows(IllegalArgumentException.class,
                            () -> ops.register(listener, 0x10, (r, o) -> { }), "register() with stray interest bits");
                    registered.complete(ops.register(listener, Interest.READ, (r, readyOps) -> {
                        if (!ops.inLoop()) {
                            offLoop.incrementAndGet();
                        }
                        if (Interest.isReadable(readyOps)) {
                            try {
                                NetSocket s = listener.accept();
                                if (s != null) {
                                    accepted.complete(s);
                                }
                            } catch (IOException ex) {
                                accepted.completeExceptionally(ex);
                            }
                        }
                    }));
                } catch (Throwable t) {
                    registered.completeExceptionally(t);
                }
            });
            Registration reg = ctx.await(registered, "register() on the loop thread");
            InetSocketAddress address = listener.localAddress();
            Socket client = ctx.connect(address);
            NetSocket server = ctx.await(accepted, "READ readiness of the listener for a pending connection");
            assertEquals(0, offLoop.get(), "readiness callbacks off the loop thread");
            assertEquals(client.getLocalPort(), server.remoteAddress().getPort(), "the accepted socket's peer");

            CompletableFuture<Boolean> validBefore = new CompletableFuture<>();
            CompletableFuture<Void> released = new CompletableFuture<>();
            ops.execute(() -> {
                validBefore.complete(reg.isValid() && reg.interest() == Interest.READ);
                reg.cancel();
                reg.cancel(); // idempotent
                server.close();
                // The loop lets go of a cancelled socket by the next task: close it there.
                ops.execute(() -> {
                    listener.close();
                    released.complete(null);
                });
            });
            assertTrue(ctx.await(validBefore, "registration state"), "a live registration is valid with its interest");
            ctx.await(released, "cancel, then close in the next task");
            client.close();
            try (ServerSocket again = new ServerSocket()) {
                again.setReuseAddress(true);
                again.bind(address); // throws if the loop still holds the listener
            }
        } finally {
            listener.close();
            ctx.await(ops.shutdown(), "shutdown() of the raw loop");
        }
        assertThrows(RejectedExecutionException.class, () -> ops.execute(() -> { }), "execute() after shutdown()");
    }

    void fakePollInDeliversReadOnAnIdleSocket() throws Exception {
        LoopOps ops = newLoop();
        ServerSocket peerListener = ctx.track(new ServerSocket(0, 1, TckContext.loopback().getAddress()));
        peerListener.setSoTimeout((int) ctx.settings().awaitTimeout().toMillis());
        NetSocket socket = ctx.track(ctx.provider().sockets().connect(
                (InetSocketAddress) peerListener.getLocalSocketAddress(), SocketOptions.defaults()));
        Socket peer = ctx.track(peerListener.accept());
        try {
            CompletableFuture<Registration> connected = new CompletableFuture<>();
            CompletableFuture<Integer> readAfterFake = new CompletableFuture<>();
            AtomicInteger reads = new AtomicInteger();
            ops.execute(() -> {
                try {
                    Registration[] holder = new Registration[1];
                    holder[0] = ops.register(socket, Interest.WRITE, (r, readyOps) -> {
                        try {
                            if (Interest.isWritable(readyOps) && !connected.isDone() && socket.finishConnect()) {
                                r.interest(Interest.READ);
                                connected.complete(r);
                            }
                            if (Interest.isReadable(readyOps)) {
                                reads.incrementAndGet();
                                // Nothing was sent: the read finds nothing, a spurious readiness is fine.
                                readAfterFake.complete(socket.read(ByteBuffer.allocate(16)));
                            }
                        } catch (IOException ex) {
                            connected.completeExceptionally(ex);
                            readAfterFake.completeExceptionally(ex);
                        }
                    });
                } catch (Throwable t) {
                    connected.completeExceptionally(t);
                }
            });
            Registration reg = ctx.await(connected, "connect readiness and finishConnect()");
            CompletableFuture<Boolean> promised = new CompletableFuture<>();
            ops.execute(() -> promised.complete(ops.fakePollIn(reg)));
            boolean fake = ctx.await(promised, "fakePollIn() on the loop");
            FakePollInExpectation expected = ctx.settings().fakePollIn();
            if (expected == FakePollInExpectation.USED) {
                assertTrue(fake, "the provider declares fakePollIn USED but fakePollIn() returned false");
            } else if (expected == FakePollInExpectation.NOT_IMPLEMENTED) {
                assertFalse(fake, "the provider declares fakePollIn NOT_IMPLEMENTED but fakePollIn() returned true");
            }
            if (fake) {
                // No byte is coming and nothing else wakes the loop: only the promised fake can end this wait.
                assertEquals(0, ctx.await(readAfterFake, "the READ readiness promised by fakePollIn()"),
                        "bytes read after a fake readiness on an idle socket");
            } else {
                // Declined: the loop must not report READ on its own; a task proves an iteration went by.
                CompletableFuture<Void> iteration = new CompletableFuture<>();
                ops.schedule(() -> iteration.complete(null), 20, TimeUnit.MILLISECONDS);
                ctx.await(iteration, "a loop iteration");
                assertEquals(0, reads.get(), "READ readiness on an idle socket without a promised fake");
            }
            CompletableFuture<Void> closed = new CompletableFuture<>();
            ops.execute(() -> {
                reg.cancel();
                ops.execute(() -> {
                    socket.close();
                    closed.complete(null);
                });
            });
            ctx.await(closed, "cancel and close");
        } finally {
            ctx.await(ops.shutdown(), "shutdown() of the raw loop");
        }
    }
}
