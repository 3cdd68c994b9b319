package dev.loopwork.nativeloop.testkit;

import dev.loopwork.SocketOptions;
import dev.loopwork.spi.Interest;
import dev.loopwork.spi.NetListener;
import dev.loopwork.spi.NetSocket;
import dev.loopwork.spi.Registration;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A native ({@code NativeLoopOps}) loop at the SPI level: tasks, timers, registrations, readiness,
 * {@code fakePollIn} (the parts it extends), and here the sockets: cancel and close, bind and
 * {@code SO_REUSEPORT}, options, connect, FIN and reset, end of stream, {@code toString}. Each
 * transport's test extends it with its provider.
 */
public abstract class NativeLoopOpsContract extends NativeLoopReadinessContract {

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
