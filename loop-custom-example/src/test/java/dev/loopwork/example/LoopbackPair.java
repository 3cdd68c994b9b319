package dev.loopwork.example;

import dev.loopwork.SocketOptions;
import dev.loopwork.spi.Interest;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.NetListener;
import dev.loopwork.spi.NetSocket;
import dev.loopwork.spi.jdk.JdkSockets;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;

/**
 * A connected loopback pair: {@code server}, a non-blocking socket from {@link JdkSockets} that a
 * loop can watch, accepted through the loop under test; {@code client}, a plain blocking socket
 * the test drives.
 */
final class LoopbackPair implements AutoCloseable {

    final NetSocket server;
    final Socket client;

    private LoopbackPair(NetSocket server, Socket client) {
        this.server = server;
        this.client = client;
    }

    static InetSocketAddress anyLoopbackPort() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    static LoopbackPair open(LoopOps loop) throws Exception {
        NetListener listener = JdkSockets.instance().listen(anyLoopbackPort(), SocketOptions.defaults());
        Socket client = new Socket();
        try {
            CompletableFuture<NetSocket> accepted = new CompletableFuture<>();
            LoopTestBase.onLoop(loop, () -> loop.register(listener, Interest.READ, (reg, ops) -> {
                try {
                    NetSocket s = listener.accept();
                    if (s != null) {
                        reg.cancel();
                        accepted.complete(s);
                    }
                } catch (IOException e) {
                    reg.cancel();
                    accepted.completeExceptionally(e);
                }
            }));
            client.connect(listener.localAddress(), 10_000);
            return new LoopbackPair(LoopTestBase.get(accepted), client);
        } catch (Exception | Error e) {
            client.close();
            throw e;
        } finally {
            listener.close();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            client.close();
        } finally {
            server.close();
        }
    }
}
