package dev.loopwork.nativeloop.testkit;

import dev.loopwork.SocketOptions;
import dev.loopwork.WrongThreadException;
import dev.loopwork.spi.Interest;
import dev.loopwork.spi.NetListener;
import dev.loopwork.spi.Registration;
import dev.loopwork.spi.jdk.JdkSockets;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A native loop at the SPI level, second part: registrations, readiness, reads and writes through
 * the loop's sockets, paused interest, {@code fakePollIn} and throwing callbacks.
 */
public abstract class NativeLoopReadinessContract extends NativeLoopTasksContract {

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
}
