package dev.loopwork.nativeloop.testkit;

import dev.loopwork.spi.Interest;
import dev.loopwork.spi.NetListener;
import dev.loopwork.spi.NetSocket;
import dev.loopwork.spi.Registration;

import java.net.Socket;
import java.util.concurrent.CompletableFuture;

/**
 * A loopback connection: {@code server} accepted by the loop under test (through a READ readiness of
 * its listener), {@code client} a plain blocking JDK socket the test drives.
 */
public final class Pair {

    public final NetSocket server;
    public final Socket client;

    private Pair(NetSocket server, Socket client) {
        this.server = server;
        this.client = client;
    }

    public static Pair open(LoopTestSupport t, NetListener listener) throws Exception {
        CompletableFuture<NetSocket> accepted = new CompletableFuture<>();
        Registration lr = t.onLoop(() -> t.ops.register(listener, Interest.READ, (r, readyOps) -> {
            try {
                NetSocket s = listener.accept();
                if (s != null) {
                    r.cancel();
                    accepted.complete(s);
                }
            } catch (Exception e) {
                accepted.completeExceptionally(e);
            }
        }));
        Socket client = t.closeLater(new Socket(listener.localAddress().getAddress(), listener.localAddress().getPort()));
        client.setSoTimeout((int) LoopTestSupport.TIMEOUT.toMillis());
        NetSocket server = t.closeLater(LoopTestSupport.await(accepted));
        t.onLoop(() -> {
            lr.cancel();
            return null;
        });
        return new Pair(server, client);
    }
}
