package dev.loopwork.http;

import dev.loopwork.Connection;
import dev.loopwork.ConnectionHandler;
import dev.loopwork.ConnectionInitializer;
import dev.loopwork.LoopGroup;
import dev.loopwork.Server;
import dev.loopwork.bootstrap.Loopwork;
import dev.loopwork.http.Transports.Wire;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.net.ssl.SSLSocket;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A handler that waits for whole units as large as the read buffer allows, over a stage: the core
 * must keep room above a partial unit for the next decode, on every loop, in clear and over TLS.
 *
 * <p>The handler is a frame parser that waits for whole 60,000-byte frames (smaller than the
 * 64 KiB read buffer, so within what the README promises). It pauses in {@code onOpen} until the
 * client has written two frames, so that the first delivery after the resume is deterministic: the
 * TLS stage decodes three 16 KiB records (49,152 bytes), the handler leaves them (a partial frame),
 * and the next decode needs 18,432 bytes of room above them. Before the core sized the level in
 * front of the handler for a unit plus one decode, that room was missing and the connection hung
 * silently (found by this test over TLS on every transport).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsLeftoverStallTest {

    static final int FRAME = 60_000;

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.loopwork.http.Transports#plainAndTls")
    void frameParserGetsEveryFrame(String transport, Wire wire) throws Exception {
        Transports.assumeAvailable(transport);
        CompletableFuture<Connection> opened = new CompletableFuture<>();
        ConnectionInitializer frames = setup -> new ConnectionHandler() {
            @Override
            public void onOpen(Connection c) {
                c.pauseReading();
                opened.complete(c);
            }

            @Override
            public void onData(Connection c, ByteBuffer data) {
                while (data.remaining() >= FRAME) { // a partial frame stays in the buffer
                    data.position(data.position() + FRAME);
                    c.write(ByteBuffer.wrap(new byte[] {'F'}));
                }
            }
        };
        try (TestTls tls = new TestTls();
             LoopGroup group = Loopwork.group().transport(transport).loops(1).build()) {
            Server server = group.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    wire == Wire.TLS ? tls.context.wrap(frames) : frames);
            try (Socket s = wire == Wire.TLS ? tlsSocket(tls, server.localAddress().getPort())
                    : new Socket(InetAddress.getLoopbackAddress(), server.localAddress().getPort())) {
                s.setSoTimeout(5_000);
                Connection c = opened.get(10, TimeUnit.SECONDS);
                s.getOutputStream().write(new byte[2 * FRAME]);
                s.getOutputStream().flush();
                c.resumeReading();
                InputStream in = s.getInputStream();
                StringBuilder answers = new StringBuilder();
                try {
                    while (answers.length() < 2) {
                        answers.append((char) in.read());
                    }
                } catch (SocketTimeoutException e) {
                    answers.append(" (no more within 5 s; ").append(c).append(')');
                }
                assertEquals("FF", answers.toString(), transport + " " + wire + ": one answer per frame");
            }
        }
    }

    private static Socket tlsSocket(TestTls tls, int port) throws Exception {
        SSLSocket s = (SSLSocket) tls.clientContext().getSocketFactory().createSocket("127.0.0.1", port);
        s.startHandshake();
        return s;
    }
}
