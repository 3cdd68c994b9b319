package dev.loopwork.nativeloop.testkit;

import dev.loopwork.Cancellable;
import dev.loopwork.SocketOptions;
import dev.loopwork.WrongThreadException;
import dev.loopwork.spi.Interest;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.spi.NetListener;
import dev.loopwork.spi.NetSocket;
import dev.loopwork.spi.Registration;
import dev.loopwork.spi.jdk.JdkSockets;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A native ({@code NativeLoopOps}) loop at the SPI level: tasks, timers, registrations, readiness,
 * {@code fakePollIn}, sockets. Each transport's test extends it with its provider.
 */
public abstract class NativeLoopOpsContract extends LoopTestSupport {

    @Test
    public void tasksRunInOrderOnTheLoopThread() throws Exception {
        assertFalse(ops.inLoop());
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<String> thread = new CompletableFuture<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            ops.execute(() -> order.add(n));
        }
        ops.execute(() -> thread.complete(Thread.currentThread().getName() + '/' + ops.inLoop()));
        assertEquals(threadName + "/true", await(thread));
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add(i);
        }
        assertEquals(expected, order);
    }

    @Test
    public void shutdownRunsQueuedTasksThenRejectsNewOnes() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        ops.execute(() -> {
            try {
                gate.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < 10; i++) {
            ops.execute(ran::incrementAndGet);
        }
        CompletableFuture<Void> done = ops.shutdown().toCompletableFuture();
        assertThrows(RejectedExecutionException.class, () -> ops.execute(ran::incrementAndGet));
        assertThrows(RejectedExecutionException.class, () -> ops.schedule(ran::incrementAndGet, 1, TimeUnit.MILLISECONDS));
        gate.countDown();
        await(done);
        assertEquals(10, ran.get());
        assertSame(done.isDone(), ops.shutdown().toCompletableFuture().isDone(), "shutdown is idempotent");
    }

    @Test
    public void timersRunInDeadlineOrderAndCancelledOnesNever() throws Exception {
        List<String> fired = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> last = new CompletableFuture<>();
        Cancellable never = ops.schedule(() -> fired.add("cancelled"), 50, TimeUnit.MILLISECONDS);
        ops.schedule(() -> {
            fired.add("later");
            last.complete(null);
        }, 200, TimeUnit.MILLISECONDS);
        ops.schedule(() -> fired.add("sooner"), 0, TimeUnit.MILLISECONDS);
        assertTrue(never.cancel());
        assertTrue(never.isCancelled());
        assertFalse(never.cancel(), "a second cancel changes nothing");
        await(last);
        assertEquals(List.of("sooner", "later"), fired);
        assertThrows(IllegalArgumentException.class, () -> ops.schedule(() -> { }, -1, TimeUnit.SECONDS));
    }

    @Test
    public void overdueTimersScheduledFromAnotherThreadStillRunInDeadlineOrder() throws Exception {
        CountDownLatch scheduled = new CountDownLatch(1);
        long[] lateUntil = new long[1];
        // A slow callback: the loop is busy until every timer below is overdue.
        ops.execute(() -> {
            try {
                scheduled.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (long now = System.nanoTime(); now - lateUntil[0] < 0; now = System.nanoTime()) {
                java.util.concurrent.locks.LockSupport.parkNanos(lateUntil[0] - now);
            }
        });
        List<String> fired = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> all = new CompletableFuture<>();
        long start = System.nanoTime();
        for (long d : new long[] {60, 20, 0, 40}) {
            ops.schedule(() -> {
                fired.add(d + "ms" + (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(d) ? " early" : ""));
                if (fired.size() == 4) {
                    all.complete(null);
                }
            }, d, TimeUnit.MILLISECONDS);
        }
        lateUntil[0] = start + TimeUnit.MILLISECONDS.toNanos(80);
        scheduled.countDown();
        await(all);
        assertEquals(List.of("0ms", "20ms", "40ms", "60ms"), fired);
    }

    @Test
    public void aThrowingTimerDoesNotStopTheLoop() throws Exception {
        ops.schedule(() -> {
            throw new IllegalStateException("boom (expected by the test)");
        }, 0, TimeUnit.MILLISECONDS);
        CompletableFuture<Boolean> after = new CompletableFuture<>();
        ops.schedule(() -> after.complete(true), 10, TimeUnit.MILLISECONDS);
        assertTrue(await(after));
    }

    @Test
    public void registrationIsCheckedForThreadKindAndBits() throws Exception {
        NetListener listener = listen(SocketOptions.defaults());
        WrongThreadException wrong = assertThrows(WrongThreadException.class,
                () -> ops.register(listener, Interest.READ, (r, o) -> { }));
        assertTrue(wrong.getMessage().contains(threadName), wrong.getMessage());

        NetListener jdk = closeLater(JdkSockets.instance().listen(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), SocketOptions.defaults()));
        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
                () -> onLoop(() -> ops.register(jdk, Interest.READ, (r, o) -> { })));
        assertTrue(foreign.getMessage().contains("not made by"), foreign.getMessage());

        assertThrows(IllegalArgumentException.class, () -> onLoop(() -> ops.register(listener, 0x2, (r, o) -> { })));

        Registration r = onLoop(() -> ops.register(listener, Interest.READ, (reg, o) -> { }));
        assertThrows(IllegalStateException.class, () -> onLoop(() -> ops.register(listener, Interest.READ, (reg, o) -> { })),
                "a socket has one registration at a time");
        assertThrows(IllegalArgumentException.class, () -> onLoop(() -> {
            r.interest(0x10);
            return null;
        }));
        assertThrows(WrongThreadException.class, () -> r.interest(0));
        onLoop(() -> {
            r.cancel();
            r.cancel();
            return null;
        });
        assertFalse(r.isValid());
        assertThrows(IllegalStateException.class, () -> onLoop(() -> {
            r.interest(Interest.READ);
            return null;
        }));
    }

    @Test
    public void readReadinessDeliversBytesAndMovesPositions() throws Exception {
        Pair p = Pair.open(this, listen(SocketOptions.defaults()));
        byte[] sent = "hello, native loop".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer direct = ByteBuffer.allocateDirect(5);
        ByteBuffer heap = ByteBuffer.allocate(64);
        CompletableFuture<byte[]> got = new CompletableFuture<>();
        onLoop(() -> ops.register(p.server, Interest.READ, (r, readyOps) -> {
            try {
                assertEquals(Interest.READ, readyOps);
                // First into a small direct buffer, then the rest into a heap one (copied through scratch).
                if (direct.hasRemaining()) {
                    p.server.read(direct);
                }
                if (!direct.hasRemaining()) {
                    p.server.read(heap);
                }
                if (direct.position() + heap.position() == sent.length) {
                    byte[] all = new byte[sent.length];
                    direct.flip().get(all, 0, 5);
                    heap.flip().get(all, 5, sent.length - 5);
                    got.complete(all);
                    r.interest(0);
                }
            } catch (Throwable e) {
                got.completeExceptionally(e);
            }
        }));
        p.client.getOutputStream().write(sent);
        assertArrayEquals(sent, await(got));
    }

    @Test
    public void writesOfDirectHeapAndGatheredBuffersArriveInOrder() throws Exception {
        Pair p = Pair.open(this, listen(SocketOptions.defaults()));
        ByteBuffer a = ByteBuffer.allocateDirect(3).put("abc".getBytes(StandardCharsets.US_ASCII)).flip();
        ByteBuffer b = ByteBuffer.wrap("defg".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer c = ByteBuffer.allocateDirect(2).put("hi".getBytes(StandardCharsets.US_ASCII)).flip();
        ByteBuffer d = ByteBuffer.allocateDirect(3).put("jkl".getBytes(StandardCharsets.US_ASCII)).flip();
        ByteBuffer e = ByteBuffer.wrap("mn".getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
        long written = onLoop(() -> {
            long n = p.server.write(a);                                   // direct
            n += p.server.write(b);                                       // heap
            n += p.server.write(new ByteBuffer[] {c, d}, 0, 2);           // writev of direct buffers
            n += p.server.write(new ByteBuffer[] {ByteBuffer.allocate(0), e}, 0, 2); // gathered, heap
            return n;
        });
        assertEquals(14, written);
        for (ByteBuffer buf : new ByteBuffer[] {a, b, c, d, e}) {
            assertFalse(buf.hasRemaining(), "position moved to the limit: " + buf);
        }
        byte[] in = p.client.getInputStream().readNBytes(14);
        assertEquals("abcdefghijklmn", new String(in, StandardCharsets.US_ASCII));
    }

    @Test
    public void largeHeapAndGatheredWritesStopWhenTheSocketIsFullAndResumeOnWritable() throws Exception {
        Pair p = Pair.open(this, listen(SocketOptions.builder().sendBufferSize(16 * 1024).build()));
        byte[] payload = new byte[4 * 1024 * 1024];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31 + (i >>> 11));
        }
        ByteBuffer heap = ByteBuffer.wrap(payload, 0, payload.length / 2);
        ByteBuffer direct = ByteBuffer.allocateDirect(payload.length / 2)
                .put(ByteBuffer.wrap(payload, payload.length / 2, payload.length / 2)).flip();
        ByteBuffer[] srcs = {heap, direct};
        CompletableFuture<Void> allWritten = new CompletableFuture<>();
        AtomicInteger shortWrites = new AtomicInteger();
        onLoop(() -> ops.register(p.server, Interest.WRITE, (r, readyOps) -> {
            try {
                p.server.write(srcs, 0, 2);
                if (!direct.hasRemaining()) {
                    r.interest(0);
                    allWritten.complete(null);
                } else {
                    shortWrites.incrementAndGet();
                }
            } catch (Throwable t) {
                allWritten.completeExceptionally(t);
            }
        }));
        byte[] received;
        try (InputStream in = p.client.getInputStream()) {
            received = in.readNBytes(payload.length);
        }
        await(allWritten);
        assertArrayEquals(payload, received);
        assertTrue(shortWrites.get() > 0, "4 MiB did not fit the socket at once, so WRITE readiness resumed it");
    }

    @Test
    public void pausedReadInterestComesBackWithTheDataThatArrivedMeanwhile() throws Exception {
        Pair p = Pair.open(this, listen(SocketOptions.defaults()));
        List<Integer> events = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> read = new CompletableFuture<>();
        ByteBuffer buf = ByteBuffer.allocateDirect(16);
        Registration r = onLoop(() -> ops.register(p.server, 0, (reg, readyOps) -> {
            events.add(readyOps);
            try {
                read.complete(p.server.read(buf));
            } catch (IOException e) {
                read.completeExceptionally(e);
            }
        }));
        p.client.getOutputStream().write(new byte[] {1, 2, 3});
        // Round trips through the loop: had epoll reported the bytes while paused, they would be in `events` now.
        onLoop(() -> null);
        onLoop(() -> null);
        assertEquals(List.of(), events, "no readiness while the interest is empty");
        onLoop(() -> {
            r.interest(Interest.READ);
            return null;
        });
        assertEquals(3, await(read));
        onLoop(() -> {
            r.interest(0); // pause again, and resume once more: the descriptor is still in the epoll set
            r.interest(Interest.READ);
            return null;
        });
        p.client.getOutputStream().write(4);
        org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> events.size() >= 2);
        assertEquals(Interest.READ, events.get(1));
    }

    @Test
    public void fakePollInDeliversReadWithoutSocketReadinessAndDoesNotBlock() throws Exception {
        Pair p = Pair.open(this, listen(SocketOptions.defaults()));
        CompletableFuture<int[]> fake = new CompletableFuture<>();
        Registration r = onLoop(() -> ops.register(p.server, Interest.READ, (reg, readyOps) -> {
            try {
                fake.complete(new int[] {readyOps, p.server.read(ByteBuffer.allocateDirect(8))});
            } catch (IOException e) {
                fake.completeExceptionally(e);
            }
        }));
        // The socket has nothing to read and the loop would sleep in epoll_wait: the fake must wake it.
        assertTrue(onLoop(() -> ops.fakePollIn(r)));
        int[] result = await(fake);
        assertEquals(Interest.READ, result[0]);
        assertEquals(0, result[1], "nothing was on the socket");
        assertThrows(WrongThreadException.class, () -> ops.fakePollIn(r));
    }

    @Test
    public void fakePollInIsDeliveredOnceAndAlsoWithReadInterestOff() throws Exception {
        Pair p = Pair.open(this, listen(SocketOptions.defaults()));
        List<Integer> events = new CopyOnWriteArrayList<>();
        Registration r = onLoop(() -> ops.register(p.server, 0, (reg, readyOps) -> events.add(readyOps)));
        onLoop(() -> {
            assertTrue(ops.fakePollIn(r));
            assertTrue(ops.fakePollIn(r)); // already queued: still one delivery
            return null;
        });
        org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> !events.isEmpty());
        onLoop(() -> null);
        onLoop(() -> null);
        assertEquals(List.of(Interest.READ), events);

        onLoop(() -> {
            ops.fakePollIn(r);
            r.cancel(); // the cancel contract wins over a queued fake
            return null;
        });
        onLoop(() -> null);
        assertEquals(1, events.size());
    }

    @Test
    public void aFakeAskedForFromItsOwnCallbackWaitsForTheNextIteration() throws Exception {
        Pair p = Pair.open(this, listen(SocketOptions.defaults()));
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<Void> tenth = new CompletableFuture<>();
        List<Integer> tasksSeenBetween = new CopyOnWriteArrayList<>();
        AtomicInteger tasks = new AtomicInteger();
        Registration r = onLoop(() -> ops.register(p.server, Interest.READ, (reg, readyOps) -> {
            tasksSeenBetween.add(tasks.get());
            ops.execute(tasks::incrementAndGet);
            if (calls.incrementAndGet() < 10) {
                ops.fakePollIn(reg); // like a read budget that ran out with input still pending
            } else {
                tenth.complete(null);
            }
        }));
        onLoop(() -> ops.fakePollIn(r));
        await(tenth);
        // Each callback's task ran before the next fake was delivered: fakes re-arm through the loop.
        for (int i = 0; i < tasksSeenBetween.size(); i++) {
            assertEquals(i, tasksSeenBetween.get(i), "tasks seen by call " + i + ": " + tasksSeenBetween);
        }
    }

    @Test
    public void aThrowingCallbackDoesNotStopTheLoopOrOtherRegistrations() throws Exception {
        NetListener listener = listen(SocketOptions.defaults());
        Pair first = Pair.open(this, listener);
        Pair second = Pair.open(this, listener);
        AtomicInteger thrown = new AtomicInteger();
        CompletableFuture<Integer> otherRead = new CompletableFuture<>();
        onLoop(() -> ops.register(first.server, Interest.READ, (reg, readyOps) -> {
            thrown.incrementAndGet();
            reg.interest(0);
            throw new IllegalStateException("handler bug (expected by the test)");
        }));
        onLoop(() -> ops.register(second.server, Interest.READ, (reg, readyOps) -> {
            try {
                otherRead.complete(second.server.read(ByteBuffer.allocateDirect(4)));
            } catch (IOException e) {
                otherRead.completeExceptionally(e);
            }
        }));
        first.client.getOutputStream().write(1);
        org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> thrown.get() == 1);
        second.client.getOutputStream().write(new byte[] {1, 2});
        assertEquals(2, await(otherRead));
    }

    @Test
    public void cancelThenCloseFreesTheListenersPortAtOnce() throws Exception {
        SocketOptions noReuse = SocketOptions.builder().reuseAddress(false).build();
        NetListener listener = provider().sockets().listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                noReuse);
        InetSocketAddress bound = listener.localAddress();
        onLoop(() -> {
            Registration r = ops.register(listener, Interest.READ, (reg, o) -> { });
            r.cancel();
            listener.close();
            return null;
        });
        assertFalse(listener.isOpen());
        listener.close(); // idempotent
        NetListener again = provider().sockets().listen(bound, noReuse);
        assertEquals(bound, again.localAddress());
        again.close();
        try (java.net.ServerSocket jdk = new java.net.ServerSocket()) {
            jdk.setReuseAddress(false);
            jdk.bind(bound);
        }
    }

    @Test
    public void cancelFromAnotherThreadStopsCallbacksAtOnceAndFreesThePortForTheNextTask() throws Exception {
        SocketOptions noReuse = SocketOptions.builder().reuseAddress(false).build();
        NetListener listener = provider().sockets().listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                noReuse);
        AtomicInteger calls = new AtomicInteger();
        Registration r = onLoop(() -> ops.register(listener, Interest.READ, (reg, o) -> calls.incrementAndGet()));
        r.cancel(); // from the test thread
        assertFalse(r.isValid());
        try (java.net.Socket c = new java.net.Socket(listener.localAddress().getAddress(),
                listener.localAddress().getPort())) {
            // The kernel queued the connection; a live registration would now be told READ.
            onLoop(() -> {
                listener.close();
                return null;
            });
        }
        onLoop(() -> null);
        assertEquals(0, calls.get(), "no callback after cancel() returned");
        NetListener again = provider().sockets().listen(listener.localAddress(), noReuse);
        again.close();
    }

    @Test
    public void closingARegisteredSocketCancelsItsRegistration() throws Exception {
        NetListener listener = provider().sockets().listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                SocketOptions.defaults());
        Registration r = onLoop(() -> ops.register(listener, Interest.READ, (reg, o) -> { }));
        onLoop(() -> {
            listener.close();
            return null;
        });
        assertFalse(r.isValid());
        try (java.net.ServerSocket jdk = new java.net.ServerSocket()) {
            jdk.bind(listener.localAddress());
        }
    }

    @Test
    public void bindingAnAddressInUseThrowsBindException() throws Exception {
        NetListener listener = listen(SocketOptions.defaults());
        java.net.BindException e = assertThrows(java.net.BindException.class, () -> provider().sockets()
                .listen(listener.localAddress(), SocketOptions.defaults()));
        assertTrue(e.getMessage().contains(String.valueOf(listener.localAddress().getPort())), e.getMessage());
    }

    @Test
    public void reusePortLetsTwoListenersShareAnAddress() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(provider().sockets().supportsReusePort(),
                "the kernel does not spread connections over SO_REUSEPORT listeners here");
        SocketOptions reuse = SocketOptions.builder().reusePort(true).build();
        NetListener a = listen(reuse);
        NetListener b = closeLater(provider().sockets().listen(a.localAddress(), reuse));
        assertEquals(a.localAddress(), b.localAddress());
        io.netty.channel.unix.Socket s = a.unwrap(io.netty.channel.unix.Socket.class);
        assertTrue(s.isReusePort());
    }

    @Test
    public void socketOptionsAreApplied() throws Exception {
        SocketOptions options = SocketOptions.builder().tcpNoDelay(true).keepAlive(true)
                .receiveBufferSize(96 * 1024).sendBufferSize(48 * 1024).reuseAddress(true).build();
        NetListener listener = listen(options);
        io.netty.channel.unix.Socket ls = listener.unwrap(io.netty.channel.unix.Socket.class);
        assertTrue(ls.isReuseAddress());
        assertFalse(ls.isReusePort());
        Pair p = Pair.open(this, listener);
        io.netty.channel.unix.Socket s = p.server.unwrap(io.netty.channel.unix.Socket.class);
        assertTrue(s.isTcpNoDelay());
        assertTrue(s.isKeepAlive());
        // Linux doubles what it is asked for (bookkeeping overhead); no OS gives less.
        assertTrue(s.getReceiveBufferSize() >= 96 * 1024, "SO_RCVBUF " + s.getReceiveBufferSize());
        assertTrue(s.getSendBufferSize() >= 48 * 1024, "SO_SNDBUF " + s.getSendBufferSize());

        SocketOptions nagle = SocketOptions.builder().tcpNoDelay(false).build();
        NetSocket client = closeLater(provider().sockets().connect(listener.localAddress(), nagle));
        assertFalse(client.unwrap(io.netty.channel.unix.Socket.class).isTcpNoDelay());
        assertFalse(client.unwrap(io.netty.channel.unix.Socket.class).isKeepAlive());
    }

    @Test
    public void connectFinishesOnWriteReadiness() throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            InetSocketAddress target = (InetSocketAddress) server.getLocalSocketAddress();
            NetSocket s = closeLater(provider().sockets().connect(target, SocketOptions.defaults()));
            assertEquals(target, s.remoteAddress());
            CompletableFuture<Boolean> connected = new CompletableFuture<>();
            onLoop(() -> ops.register(s, Interest.WRITE, (r, readyOps) -> {
                try {
                    if (s.finishConnect()) {
                        r.interest(0);
                        connected.complete(true);
                    }
                } catch (IOException e) {
                    connected.completeExceptionally(e);
                }
            }));
            try (java.net.Socket accepted = server.accept()) {
                assertTrue(await(connected));
                assertEquals(accepted.getLocalPort(), s.remoteAddress().getPort());
                assertEquals(accepted.getPort(), s.localAddress().getPort());
                assertTrue(onLoop(s::finishConnect), "finishConnect stays true");
                onLoop(() -> s.write(ByteBuffer.wrap(new byte[] {42})));
                assertEquals(42, accepted.getInputStream().read());
            }
        }
    }

    @Test
    public void aRefusedConnectFailsInFinishConnect() throws Exception {
        InetSocketAddress unused;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            unused = (InetSocketAddress) probe.getLocalSocketAddress();
        }
        NetSocket s;
        try {
            s = closeLater(provider().sockets().connect(unused, SocketOptions.defaults()));
        } catch (java.net.ConnectException refusedAtOnce) {
            return; // the kernel may refuse a loopback connect synchronously: also a ConnectException
        }
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        onLoop(() -> ops.register(s, Interest.WRITE, (r, readyOps) -> {
            try {
                result.complete(s.finishConnect());
            } catch (IOException e) {
                r.cancel();
                result.completeExceptionally(e);
            }
        }));
        assertThrows(java.net.ConnectException.class, () -> await(result));
    }

    @Test
    public void shutdownOutputSendsFinAndAbortSendsReset() throws Exception {
        NetListener listener = listen(SocketOptions.defaults());
        Pair fin = Pair.open(this, listener);
        onLoop(() -> {
            fin.server.write(ByteBuffer.wrap(new byte[] {7}));
            fin.server.shutdownOutput();
            fin.server.shutdownOutput(); // idempotent
            return null;
        });
        InputStream in = fin.client.getInputStream();
        assertEquals(7, in.read());
        assertEquals(-1, in.read(), "FIN after the data");
        fin.client.getOutputStream().write(9); // the other direction still works
        assertEquals(1, (int) onLoop(() -> {
            ByteBuffer b = ByteBuffer.allocateDirect(1);
            int n = 0;
            for (int i = 0; i < 1000 && n == 0; i++) { // bounded: the byte is in flight on loopback
                n = fin.server.read(b);
                if (n == 0) {
                    Thread.onSpinWait();
                }
            }
            return n;
        }));

        Pair rst = Pair.open(this, listener);
        onLoop(() -> {
            rst.server.abort();
            return null;
        });
        assertFalse(rst.server.isOpen());
        IOException reset = assertThrows(IOException.class, () -> {
            InputStream rin = rst.client.getInputStream();
            rin.read();
        });
        assertTrue(reset.getMessage().toLowerCase().contains("reset"), reset.getMessage());
    }

    @Test
    public void peerCloseIsReadableAsEndOfStreamAndResetAsIOException() throws Exception {
        NetListener listener = listen(SocketOptions.defaults());
        Pair p = Pair.open(this, listener);
        CompletableFuture<Integer> eof = new CompletableFuture<>();
        onLoop(() -> ops.register(p.server, Interest.READ, (r, readyOps) -> {
            try {
                int n = p.server.read(ByteBuffer.allocate(8));
                if (n < 0) {
                    r.cancel();
                    eof.complete(n);
                }
            } catch (IOException e) {
                eof.completeExceptionally(e);
            }
        }));
        p.client.shutdownOutput();
        assertEquals(-1, await(eof));

        Pair q = Pair.open(this, listener);
        CompletableFuture<Integer> reset = new CompletableFuture<>();
        onLoop(() -> ops.register(q.server, Interest.READ, (r, readyOps) -> {
            try {
                reset.complete(q.server.read(ByteBuffer.allocateDirect(8)));
            } catch (IOException e) {
                r.cancel();
                reset.completeExceptionally(e);
            }
        }));
        q.client.setSoLinger(true, 0);
        q.client.close();
        assertThrows(IOException.class, () -> await(reset));
    }

    @Test
    public void registeringAClosedSocketIsRefused() throws Exception {
        NetListener listener = provider().sockets().listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                SocketOptions.defaults());
        listener.close();
        assertThrows(UncheckedIOException.class, () -> onLoop(() -> ops.register(listener, Interest.READ, (r, o) -> { })));
    }

    @Test
    public void toStringsShowState() throws Exception {
        NetListener listener = listen(SocketOptions.defaults());
        Registration r = onLoop(() -> ops.register(listener, Interest.READ, (reg, o) -> { }));
        assertTrue(ops.toString().contains(threadName) && ops.toString().contains("registrations=1"), ops.toString());
        assertTrue(r.toString().contains("READ") && r.toString().contains(String.valueOf(listener.localAddress().getPort())),
                r.toString());
        assertTrue(listener.toString().contains(provider().name().replace("-manual", "") + "-listener"),
                listener.toString());
    }
}
