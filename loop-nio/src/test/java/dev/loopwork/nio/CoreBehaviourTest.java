package dev.loopwork.nio;

import dev.loopwork.ClosedException;
import dev.loopwork.Connection;
import dev.loopwork.ConnectionHandler;
import dev.loopwork.ConnectionOptions;
import dev.loopwork.LoopGroup;
import dev.loopwork.Server;
import dev.loopwork.Stage;
import dev.loopwork.StageResult;
import dev.loopwork.StalledInputException;
import dev.loopwork.bootstrap.Loopwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Behaviour of the connection core that is not about the loop (the TCK covers that): how leftover
 * bytes are re-offered, how broken stages and handlers are contained, misuse errors.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CoreBehaviourTest {

    private LoopGroup group;

    @BeforeEach
    void start() {
        group = Loopwork.group().transport("nio").loops(1)
                .options(ConnectionOptions.builder().readBufferSize(4096).build()).build();
    }

    @AfterEach
    void stop() throws Exception {
        group.shutdownGracefully(Duration.ofSeconds(5)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(0, group.buffers().outstanding(), group.buffers().leakReport());
    }

    private Server listen(ConnectionHandler handler) {
        return group.listen(new InetSocketAddress("127.0.0.1", 0), setup -> handler);
    }

    /** Parses newline-terminated lines by leaving partial lines in the buffer. */
    static final class LineHandler implements ConnectionHandler {
        final List<String> lines = new ArrayList<>();
        final CompletableFuture<Void> ended = new CompletableFuture<>();

        @Override
        public void onData(Connection c, ByteBuffer data) {
            for (int i = data.position(); i < data.limit(); i++) {
                if (data.get(i) == '\n') {
                    byte[] line = new byte[i - data.position()];
                    data.get(line);
                    data.get(); // the newline
                    lines.add(new String(line, StandardCharsets.US_ASCII));
                }
            }
        }

        @Override
        public void onInputShutdown(Connection c) {
            ended.complete(null);
            c.close();
        }
    }

    @Test
    void leftoverBytesAreOfferedAgainInFrontOfNewerOnes() throws Exception {
        LineHandler handler = new LineHandler();
        Server server = listen(handler);
        try (Socket s = new Socket()) {
            s.connect(server.localAddress());
            OutputStream out = s.getOutputStream();
            String[] pieces = {"hel", "lo\nwor", "ld\n", "a", "b", "c\nlast-without-newline"};
            for (String p : pieces) {
                out.write(p.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            s.shutdownOutput();
            handler.ended.get(10, TimeUnit.SECONDS);
            assertEquals(-1, s.getInputStream().read());
        }
        assertEquals(List.of("hello", "world", "abc"), handler.lines);
    }

    @Test
    void aHandlerThatNeverConsumesAFullBufferFailsWithStalledInput() throws Exception {
        CompletableFuture<Throwable> closed = new CompletableFuture<>();
        Server server = listen(new ConnectionHandler() {
            @Override
            public void onData(Connection c, ByteBuffer data) {
                // waits for a unit larger than the read buffer: never consumes
            }

            @Override
            public void onClosed(Connection c, Throwable cause) {
                closed.complete(cause);
            }
        });
        try (Socket s = new Socket()) {
            s.connect(server.localAddress());
            s.getOutputStream().write(new byte[64 * 1024]);
            Throwable cause = closed.get(10, TimeUnit.SECONDS);
            assertInstanceOf(StalledInputException.class, cause);
            assertTrue(cause.getMessage().contains("unconsumed in a full buffer"), cause.getMessage());
        }
    }

    /** Claims to have produced bytes it never wrote: the core must fail it, not loop forever. */
    static final class LyingStage implements Stage {
        @Override
        public StageResult decode(ByteBuffer src, ByteBuffer dst) {
            return StageResult.of(StageResult.Status.OK, 0, 1);
        }

        @Override
        public StageResult encode(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) {
            return StageResult.of(StageResult.Status.OK, 0, 0);
        }

        @Override
        public int decodeCapacity() {
            return 1;
        }

        @Override
        public int encodeCapacity() {
            return 1;
        }

        @Override
        public String toString() {
            return "LyingStage";
        }
    }

    @Test
    void aStageThatMisreportsItsWorkFailsOnlyItsConnection() throws Exception {
        CompletableFuture<Throwable> closed = new CompletableFuture<>();
        Server server = group.listen(new InetSocketAddress("127.0.0.1", 0), setup -> {
            setup.addStage(new LyingStage());
            return new ConnectionHandler() {
                @Override
                public void onData(Connection c, ByteBuffer data) {
                    data.position(data.limit());
                }

                @Override
                public void onClosed(Connection c, Throwable cause) {
                    closed.complete(cause);
                }
            };
        });
        Server healthy = listen(new LineHandler());
        try (Socket s = new Socket(); Socket other = new Socket()) {
            s.connect(server.localAddress());
            s.getOutputStream().write("x".getBytes(StandardCharsets.US_ASCII));
            Throwable cause = closed.get(10, TimeUnit.SECONDS);
            assertInstanceOf(IllegalStateException.class, cause);
            assertTrue(cause.getMessage().contains("LyingStage reported decode"), cause.getMessage());
            other.connect(healthy.localAddress());
            other.shutdownOutput();
            assertEquals(-1, other.getInputStream().read(), "the loop still serves other connections");
        }
    }

    @Test
    void anInitializerThatThrowsClosesThatConnectionOnly() throws Exception {
        Server server = group.listen(new InetSocketAddress("127.0.0.1", 0), setup -> {
            throw new IllegalStateException("no handler for you");
        });
        try (Socket s = new Socket()) {
            s.connect(server.localAddress());
            InputStream in = s.getInputStream();
            int r;
            try {
                r = in.read();
            } catch (java.net.SocketException reset) {
                r = -1;
            }
            assertEquals(-1, r);
        }
        Server ok = listen(new LineHandler());
        try (Socket s = new Socket()) {
            s.connect(ok.localAddress());
            s.shutdownOutput();
            assertEquals(-1, s.getInputStream().read());
        }
    }

    @Test
    void writeAfterCloseSaysSoAndNullsAreRefused() throws Exception {
        CompletableFuture<Connection> opened = new CompletableFuture<>();
        Server server = listen(new ConnectionHandler() {
            @Override
            public void onOpen(Connection c) {
                opened.complete(c);
            }

            @Override
            public void onData(Connection c, ByteBuffer data) {
                data.position(data.limit());
            }
        });
        try (Socket s = new Socket()) {
            s.connect(server.localAddress());
            Connection c = opened.get(10, TimeUnit.SECONDS);
            assertThrows(IllegalArgumentException.class, () -> c.write((ByteBuffer) null));
            assertThrows(NullPointerException.class, () -> c.write((ByteBuffer[]) null));
            c.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
            ClosedException e = assertThrows(ClosedException.class, () -> c.write(ByteBuffer.allocate(1)));
            assertTrue(e.getMessage().contains("was closed"), e.getMessage());
            c.close().toCompletableFuture().get(10, TimeUnit.SECONDS); // idempotent
            c.abort();
        }
    }

    @Test
    void listenOnABusyPortNamesTheAddress() {
        Server server = listen(new LineHandler());
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
                () -> group.listen(server.localAddress(), dev.loopwork.SocketOptions.builder().reuseAddress(false).build(),
                        setup -> new LineHandler()));
        assertTrue(e.getMessage().contains(server.localAddress().toString()), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> group.listen(server.localAddress(), null));
        assertThrows(IllegalArgumentException.class,
                () -> group.listen(InetSocketAddress.createUnresolved("localhost", 1), setup -> new LineHandler()));
    }

    @Test
    void connectToAClosedPortFailsTheFuture() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        CompletableFuture<Connection> f = group.connect(new InetSocketAddress("127.0.0.1", port), setup -> new LineHandler())
                .toCompletableFuture();
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> f.get(10, TimeUnit.SECONDS));
        assertInstanceOf(java.net.ConnectException.class, e.getCause());
    }
}
