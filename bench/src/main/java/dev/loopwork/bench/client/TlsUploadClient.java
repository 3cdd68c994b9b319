package dev.loopwork.bench.client;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import java.io.EOFException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;

/**
 * The TLS client: BoringSSL through netty-tcnative, driven by hand over a blocking NIO
 * {@link SocketChannel}. It encrypts records straight from the pre-filled direct buffer into a
 * 1 MiB direct buffer and sends that in one write, so one core encrypts several GB/s; a JDK
 * {@code SSLSocket} would cap the measurement near 0.8 GB/s on this machine.
 *
 * <p>TLS 1.3 with {@code TLS_AES_128_GCM_SHA256} only, so every server, whatever its engine,
 * runs the same suite. The certificate is not checked: this is loopback with our own key.
 */
public final class TlsUploadClient implements UploadClient {

    public static final String SUITE = "TLS_AES_128_GCM_SHA256";
    private static final int NET_OUT = 1 << 20;

    private final Payload payload;
    private final SslContext context;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private String negotiated = "?";

    public TlsUploadClient(Payload payload) throws SSLException {
        if (!OpenSsl.isAvailable()) {
            throw new IllegalStateException("the TLS client needs netty-tcnative (BoringSSL)", OpenSsl.unavailabilityCause());
        }
        this.payload = payload;
        this.context = SslContextBuilder.forClient()
                .sslProvider(SslProvider.OPENSSL)
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .protocols("TLSv1.3")
                .ciphers(List.of(SUITE))
                .build();
    }

    @Override
    public String description() {
        return "BoringSSL (netty-tcnative " + OpenSsl.versionString() + ") SSLEngine over a blocking NIO SocketChannel, "
                + "1 MiB record batches, " + negotiated;
    }

    @Override
    public Sample upload(InetSocketAddress server, Wire wire, long bytes, Duration timeout) throws IOException {
        SSLEngine engine = context.newEngine(ByteBufAllocator.DEFAULT, server.getHostString(), server.getPort());
        try (SocketChannel ch = SocketChannel.open(server); Watchdog dog = new Watchdog(ch, timeout)) {
            try {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Tls tls = new Tls(engine, ch);
                tls.handshake();
                negotiated = engine.getSession().getProtocol() + " " + engine.getSession().getCipherSuite();
                long cpu0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                tls.send(wire.head(server, bytes));
                for (long sent = 0; sent < bytes; ) {
                    ByteBuffer b = payload.slice(bytes - sent);
                    sent += b.remaining();
                    tls.send(b);
                }
                tls.flush();
                ResponseReader answer = new ResponseReader(wire);
                while (!answer.feed(tls.receive())) {
                    // keep reading records until the whole answer is in
                }
                long nanos = System.nanoTime() - t0;
                long cpu = threads.getCurrentThreadCpuTime() - cpu0;
                answer.check(bytes);
                tls.closeQuietly();
                return new Sample(bytes, nanos, cpu);
            } catch (IOException e) {
                throw dog.explain(e, timeout);
            }
        } finally {
            ReferenceCountUtil.release(engine);
        }
    }

    /** A blocking SSLEngine driver: just enough for one upload and its answer. */
    private static final class Tls {
        private final SSLEngine engine;
        private final SocketChannel ch;
        private final ByteBuffer netOut = ByteBuffer.allocateDirect(NET_OUT);
        private final ByteBuffer netIn;
        private final ByteBuffer appIn;
        private final int maxRecord;

        Tls(SSLEngine engine, SocketChannel ch) {
            this.engine = engine;
            this.ch = ch;
            this.maxRecord = engine.getSession().getPacketBufferSize();
            this.netIn = ByteBuffer.allocateDirect(Math.max(maxRecord, 64 * 1024) * 2);
            this.appIn = ByteBuffer.allocateDirect(engine.getSession().getApplicationBufferSize() * 2);
            netIn.flip();
        }

        void handshake() throws IOException {
            engine.beginHandshake();
            ByteBuffer empty = ByteBuffer.allocate(0);
            while (true) {
                switch (engine.getHandshakeStatus()) {
                    case NEED_WRAP:
                        check(engine.wrap(empty, netOut));
                        flush();
                        break;
                    case NEED_UNWRAP:
                        unwrapOnce();
                        break;
                    case NEED_TASK:
                        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
                            task.run();
                        }
                        break;
                    default:
                        flush();
                        return;
                }
            }
        }

        /** Encrypts all of {@code src}, sending whenever the batch buffer cannot take another record. */
        void send(ByteBuffer src) throws IOException {
            while (src.hasRemaining()) {
                if (netOut.remaining() < maxRecord) {
                    flush();
                }
                check(engine.wrap(src, netOut));
            }
        }

        void flush() throws IOException {
            netOut.flip();
            while (netOut.hasRemaining()) {
                ch.write(netOut);
            }
            netOut.clear();
        }

        /** Decrypted application bytes, at least one; reads and unwraps as many records as needed. */
        ByteBuffer receive() throws IOException {
            appIn.clear();
            while (appIn.position() == 0) {
                unwrapOnce();
            }
            return appIn.flip();
        }

        private void unwrapOnce() throws IOException {
            SSLEngineResult r = engine.unwrap(netIn, appIn);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW
                    || (r.bytesConsumed() == 0 && r.bytesProduced() == 0 && !netIn.hasRemaining())) {
                netIn.compact();
                int n = ch.read(netIn);
                netIn.flip();
                if (n < 0) {
                    throw new EOFException("server closed the connection during TLS");
                }
            } else {
                check(r);
            }
        }

        void closeQuietly() {
            try {
                engine.closeOutbound();
                engine.wrap(ByteBuffer.allocate(0), netOut);
                flush();
            } catch (IOException ignored) {
                // the upload is done and checked; a failed goodbye does not change its result
            }
        }

        private static void check(SSLEngineResult r) throws SSLException {
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new SSLException("TLS closed by the peer: " + r);
            }
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                throw new SSLException("TLS buffer overflow (a bug in this client): " + r);
            }
        }
    }
}
