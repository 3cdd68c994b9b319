package dev.loopwork.bench.client;

import java.io.EOFException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * The plain client: a blocking NIO {@link SocketChannel} writing a pre-filled 16 MiB direct buffer
 * in whole-buffer writes. The kernel copies straight from it, so the client spends its CPU in the
 * copy to the socket and little else; that keeps it faster than any server it measures.
 */
public final class PlainUploadClient implements UploadClient {

    private final Payload payload;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    public PlainUploadClient(Payload payload) {
        this.payload = payload;
    }

    @Override
    public String description() {
        return "Java NIO SocketChannel, blocking, 16 MiB direct-buffer writes";
    }

    @Override
    public Sample upload(InetSocketAddress server, Wire wire, long bytes, Duration timeout) throws IOException {
        try (SocketChannel ch = SocketChannel.open(server); Watchdog dog = new Watchdog(ch, timeout)) {
            try {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                long cpu0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                writeFully(ch, wire.head(server, bytes));
                for (long sent = 0; sent < bytes; ) {
                    ByteBuffer b = payload.slice(bytes - sent);
                    sent += b.remaining();
                    writeFully(ch, b);
                }
                ResponseReader answer = new ResponseReader(wire);
                ByteBuffer in = ByteBuffer.allocate(4096);
                boolean done = false;
                while (!done) {
                    if (ch.read(in.clear()) < 0) {
                        throw new EOFException("server closed before answering");
                    }
                    done = answer.feed(in.flip());
                }
                long nanos = System.nanoTime() - t0;
                long cpu = threads.getCurrentThreadCpuTime() - cpu0;
                answer.check(bytes);
                return new Sample(bytes, nanos, cpu);
            } catch (IOException e) {
                throw dog.explain(e, timeout);
            }
        }
    }

    private static void writeFully(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
