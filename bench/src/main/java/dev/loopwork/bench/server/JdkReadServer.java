package dev.loopwork.bench.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The floor: a bare JDK read loop. One thread accepts and serves one connection at a time with
 * blocking {@link SocketChannel#read} calls into one 64 KiB direct buffer (the read size the
 * event-loop servers use), counting bytes and answering {@link Protocol}'s raw acknowledgement.
 * No selector, no pool, no handler: a read syscall and its copy per 64 KiB, which no server on
 * top of a loop can do with less CPU per byte.
 */
public final class JdkReadServer implements BenchServer {

    static final int READ_SIZE = 64 * 1024;

    private ServerSocketChannel listener;
    private Thread thread;

    @Override
    public int start() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        thread = new Thread(this::serve, "jdk-read-loop");
        thread.setDaemon(true);
        thread.start();
        return ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    private void serve() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(READ_SIZE);
        while (listener.isOpen()) {
            try (SocketChannel ch = listener.accept()) {
                serve(ch, buffer);
            } catch (IOException e) {
                if (listener.isOpen()) {
                    // one bad connection (the client timed out, reset) ends that connection only
                    System.err.println("jdk-read-loop: " + e);
                }
            }
        }
    }

    private static void serve(SocketChannel ch, ByteBuffer buffer) throws IOException {
        long expected = -1;
        long received = 0;
        buffer.clear();
        while (true) {
            int n = ch.read(buffer);
            if (n < 0) {
                return;
            }
            if (expected < 0) {
                if (buffer.position() < Protocol.RAW_PREFIX) {
                    continue;
                }
                expected = buffer.getLong(0);
                received = buffer.position() - Protocol.RAW_PREFIX;
            } else {
                received += buffer.position();
            }
            buffer.clear();
            if (received >= expected) {
                ByteBuffer ack = Protocol.ackBuffer(expected);
                while (ack.hasRemaining()) {
                    ch.write(ack);
                }
                expected = -1;
                received = 0;
            }
        }
    }

    @Override
    public String description() {
        return "JDK blocking SocketChannel read loop, 64 KiB direct buffer";
    }

    @Override
    public void close() throws Exception {
        if (listener != null) {
            listener.close();
        }
        if (thread != null) {
            thread.join(5000);
        }
    }
}
