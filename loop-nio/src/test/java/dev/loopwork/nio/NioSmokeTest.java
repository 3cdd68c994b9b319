package dev.loopwork.nio;

import dev.loopwork.Connection;
import dev.loopwork.ConnectionHandler;
import dev.loopwork.LoopGroup;
import dev.loopwork.Server;
import dev.loopwork.bootstrap.Loopwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A first end-to-end check of the core on the nio loop: echo through a plain JDK socket. */
class NioSmokeTest {

    static final class Echo implements ConnectionHandler {
        @Override
        public void onData(Connection c, ByteBuffer data) {
            ByteBuffer copy = ByteBuffer.allocate(data.remaining());
            copy.put(data).flip();
            c.write(copy);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void echoesEightMegabytes() throws Exception {
        LoopGroup group = Loopwork.group().transport("nio").loops(2).build();
        try {
            Server server = group.listen(new InetSocketAddress("127.0.0.1", 0), setup -> new Echo());
            byte[] payload = new byte[8 << 20];
            new Random(1).nextBytes(payload);
            try (Socket s = new Socket()) {
                s.connect(server.localAddress());
                Thread writer = new Thread(() -> {
                    try {
                        OutputStream out = s.getOutputStream();
                        out.write(payload);
                        s.shutdownOutput();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                writer.start();
                InputStream in = s.getInputStream();
                byte[] back = new DataInputStream(in).readNBytes(payload.length);
                writer.join();
                assertEquals(-1, in.read(), "server closes after the client's FIN");
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                assertArrayEquals(sha.digest(payload), MessageDigest.getInstance("SHA-256").digest(back));
            }
            server.close();
        } finally {
            group.shutdownGracefully(Duration.ofSeconds(5)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        assertEquals(0, group.buffers().outstanding(), group.buffers().leakReport());
    }
}
