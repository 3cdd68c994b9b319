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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
 *   <li>{@code fakePollIn} on an idle socket with interest NONE either declines (then nothing is
 *       owed, and nothing may be reported outside the interest) or delivers the READ it promised,
 *       as the provider's {@link FakePollInExpectation} says; spurious readiness cannot pass for a
 *       fake, because it stays within the interest;</li>
 *   <li>a connect to a listener of the same loop is reported (WRITE, {@code finishConnect()} true)
 *       no later than the iteration in which the listener's accept is: the connect trap;</li>
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

    /**
     * {@code fakePollIn} on an idle, connected socket whose interest is NONE. A promised fake must
     * arrive: with interest NONE nothing else may report READ (ready bits stay within the interest),
     * so a READ here is the fake, and a spurious readiness cannot pass for one. A declined fake
     * requires nothing: the loop only must not report READ on its own while the interest is NONE.
     */
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
            List<String> outsideInterest = new CopyOnWriteArrayList<>();
            ops.execute(() -> {
                try {
                    ops.register(socket, Interest.WRITE, (r, readyOps) -> {
                        try {
                            int stray = readyOps & ~r.interest() & ~(Interest.isReadable(readyOps) ? Interest.READ : 0);
                            if (stray != 0) {
                                outsideInterest.add(Interest.toString(readyOps) + " with interest "
                                        + Interest.toString(r.interest()));
                            }
                            if (Interest.isWritable(readyOps) && !connected.isDone() && socket.finishConnect()) {
                                r.interest(0); // from now on only a promised fake may report anything
                                connected.complete(r);
                                return;
                            }
                            if (Interest.isReadable(readyOps) && connected.isDone()) {
                                reads.incrementAndGet();
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
            Registration reg = ctx.await(connected, "connect readiness (WRITE) and finishConnect()");
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
                // Interest NONE, no byte coming: only the promised fake can end this wait.
                assertEquals(0, ctx.await(readAfterFake, "the READ readiness promised by fakePollIn() (LoopOps.fakePollIn: "
                        + "a loop that answered true reports READ in its next iteration, whatever the interest; here "
                        + "the interest was NONE and the socket idle, and the fake never came)"),
                        "bytes read after a fake readiness on an idle socket");
            } else {
                // Declined: nothing is owed. A timer proves iterations went by; with interest NONE the
                // loop must not have reported READ (nor anything else).
                CompletableFuture<Void> iteration = new CompletableFuture<>();
                ops.schedule(() -> ops.execute(() -> iteration.complete(null)), 20, TimeUnit.MILLISECONDS);
                ctx.await(iteration, "a timer and a task after a declined fakePollIn()");
                assertEquals(0, reads.get(), "READ reported with interest NONE after fakePollIn() declined: ready bits "
                        + "must stay within the interest (Registration, 'Ready bits stay within the interest'); only a "
                        + "promised fake may report READ outside it");
            }
            assertEquals(List.of(), outsideInterest, "readiness outside the interest (Registration, 'Ready bits stay "
                    + "within the interest')");
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

    /** Connects per run of {@link #connectCompletionIsReportedByTheLoop()}: see there. */
    static final int CONNECT_ROUNDS = 5;

    /** The rule {@link #connectCompletionIsReportedByTheLoop()} checks, quoted in its failures. */
    static final String CONNECT_RULE = "Registration, 'Connecting sockets': WRITE interest on a connecting socket "
            + "must be reported once the connect has finished; a JDK-selector loop watches OP_CONNECT (not OP_WRITE) "
            + "until finishConnect() returned true, then OP_WRITE";

    /**
     * The connect trap. A socket connects to a listener registered on the same loop. The connect
     * finishes (SYN-ACK) before the listener can accept the connection, so the poll that finds the
     * listener readable finds the connecting socket ready too, and a task submitted from the accept
     * callback runs after both were dispatched ({@link LoopOps}, "One iteration"). By then the loop
     * must have reported WRITE for the connecting socket, and {@code finishConnect()} returned true.
     * A loop that watches {@code OP_WRITE} never reports it; one that reports WRITE only spuriously
     * reports it by chance, and is caught with a probability of 1 - p^{@value #CONNECT_ROUNDS} for p
     * the chance of a spurious WRITE in a given iteration. Spurious readiness cannot fake a pass of
     * the accept: a spurious READ of the listener accepts nothing.
     */
    void connectCompletionIsReportedByTheLoop() throws Exception {
        LoopOps ops = newLoop();
        NetListener listener = ctx.track(ctx.provider().sockets().listen(TckContext.loopback(), SocketOptions.defaults()));
        try {
            for (int round = 1; round <= CONNECT_ROUNDS; round++) {
                connectRound(ops, listener, round);
            }
        } finally {
            CompletableFuture<Void> closed = new CompletableFuture<>();
            ops.execute(() -> {
                listener.close();
                closed.complete(null);
            });
            ctx.await(closed, "closing the listener");
            ctx.await(ops.shutdown(), "shutdown() of the raw loop");
        }
    }

    private void connectRound(LoopOps ops, NetListener listener, int round) throws Exception {
        CompletableFuture<String> verdict = new CompletableFuture<>();
        AtomicInteger writes = new AtomicInteger();
        AtomicInteger connectedAt = new AtomicInteger(); // the WRITE callback that saw finishConnect() true
        NetSocket[] ends = new NetSocket[2];
        Registration[] regs = new Registration[2];
        ops.execute(() -> {
            try {
                regs[0] = ops.register(listener, Interest.READ, (r, readyOps) -> {
                    try {
                        NetSocket s = listener.accept(); // null for a spurious READ
                        if (s != null && ends[1] == null) {
                            ends[1] = ctx.track(s);
                            // Runs after everything this poll found has been dispatched.
                            ops.execute(() -> verdict.complete(connectedAt.get() > 0 ? null
                                    : "the listener accepted the connection (so its connect had finished before that "
                                    + "poll), and a task submitted from the accept callback ran, but the connecting "
                                    + "socket's WRITE was " + (writes.get() == 0 ? "never reported"
                                    : "reported only " + writes.get() + " times, all before the connect finished")));
                        }
                    } catch (IOException e) {
                        verdict.completeExceptionally(e);
                    }
                });
                ends[0] = ctx.track(ctx.provider().sockets().connect(listener.localAddress(), SocketOptions.defaults()));
                regs[1] = ops.register(ends[0], Interest.WRITE, (r, readyOps) -> {
                    if (!Interest.isWritable(readyOps) || connectedAt.get() > 0) {
                        return;
                    }
                    int n = writes.incrementAndGet();
                    try {
                        if (ends[0].finishConnect()) { // false: a spurious WRITE, or one too early
                            connectedAt.set(n);
                            r.interest(0);
                        }
                    } catch (IOException e) {
                        verdict.completeExceptionally(e);
                    }
                });
            } catch (Throwable t) {
                verdict.completeExceptionally(t);
            }
        });
        String failure = ctx.await(verdict, "round " + round + ": the accept of a connection to a listener on the "
                + "same loop (" + CONNECT_RULE + "; WRITE callbacks so far: " + writes.get() + ")");
        CompletableFuture<Void> cleaned = new CompletableFuture<>();
        ops.execute(() -> {
            regs[0].cancel();
            regs[1].cancel();
            ops.execute(() -> {
                ends[0].close();
                ends[1].close();
                cleaned.complete(null);
            });
        });
        ctx.await(cleaned, "cancel and close of round " + round);
        if (failure != null) {
            throw new AssertionError("connect completion not reported by the loop (round " + round + " of "
                    + CONNECT_ROUNDS + "): " + failure + ". " + CONNECT_RULE + ". A loop that delivers WRITE only "
                    + "spuriously finishes connects late and by chance; the connects of the other cases then take "
                    + "until the next spurious WRITE, or forever.");
        }
    }
}
