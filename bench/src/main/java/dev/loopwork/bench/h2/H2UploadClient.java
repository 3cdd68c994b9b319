package dev.loopwork.bench.h2;

import dev.loopwork.bench.client.Payload;
import dev.loopwork.bench.client.Sample;
import dev.loopwork.bench.client.UploadClient;
import dev.loopwork.bench.client.TlsUploadClient;
import dev.loopwork.bench.client.Wire;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import dev.loopwork.bench.server.Protocol;

import java.io.EOFException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * The h2 upload client (h2c, or h2 over TLS through ALPN): a lean hand-written HTTP/2 framer on one thread over a non-blocking
 * {@link SocketChannel}, no HTTP/2 library. It sends the preface, one request per stream
 * ({@code POST /upload} with {@code content-length}, HPACK without the dynamic table or Huffman),
 * and then DATA frames of the server's SETTINGS_MAX_FRAME_SIZE, round robin over the streams,
 * within the server's connection and stream windows; each frame is a 9-byte header and a slice of
 * the pre-filled {@link Payload}, and many frames go out in one gathering write (see
 * {@link H2Framer}). The server's WINDOW_UPDATE, SETTINGS and PING are answered as they come; each
 * stream's answer must be {@code "received <n>"} with its own size, or the upload fails.
 *
 * <p>{@code streams} is 1 (one stream of the whole size) or more (that many concurrent streams of
 * an equal share). The CPU of this one thread is the client's CPU: the report's "client busy".
 */
public final class H2UploadClient implements UploadClient {

    private final Payload payload;
    private final int streams;
    /** BoringSSL client context with ALPN h2, or null for h2c. */
    private final SslContext tls;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    /** @param tls h2 over TLS (BoringSSL, TLS 1.3 AES-128-GCM, ALPN h2) instead of h2c */
    public H2UploadClient(Payload payload, int streams, boolean tls) throws SSLException {
        this.payload = payload;
        this.streams = streams;
        this.tls = tls ? SslContextBuilder.forClient()
                .sslProvider(SslProvider.OPENSSL)
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .protocols("TLSv1.3")
                .ciphers(List.of(TlsUploadClient.SUITE))
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2))
                .build() : null;
    }

    @Override
    public String description() {
        return (tls != null ? "h2 over TLS (BoringSSL, TLS 1.3 " + TlsUploadClient.SUITE + ", ALPN h2, records wrapped"
                + " straight from the frame batches into 1 MiB)" : "h2c") + ", " + streams + " stream(s):"
                + " hand-written HTTP/2 framer, one thread, non-blocking NIO, gathering writes of DATA frames sliced"
                + " from a pre-filled 16 MiB direct buffer";
    }

    @Override
    public Sample upload(InetSocketAddress server, Wire wire, long bytes, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        SSLEngine engine = tls == null ? null : tls.newEngine(ByteBufAllocator.DEFAULT, server.getHostString(), server.getPort());
        try (SocketChannel ch = SocketChannel.open(server); Selector selector = Selector.open()) {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Link link;
            if (engine != null) {
                link = new TlsLink(engine, ch); // handshake done, before the clock starts
            } else {
                ch.configureBlocking(false);
                link = Link.plain(ch);
            }
            SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            H2Framer framer = new H2Framer(payload, link.scheme(), server.getHostString() + ":" + server.getPort(), streams,
                    bytes);
            while (!framer.done()) {
                boolean progress = framer.read(link);
                progress |= framer.write(link);
                if (!progress) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("upload did not finish within " + timeout + ": " + framer);
                    }
                    key.interestOps(SelectionKey.OP_READ | (framer.wantsWrite(link) ? SelectionKey.OP_WRITE : 0));
                    selector.select(100);
                    selector.selectedKeys().clear();
                }
            }
            long nanos = System.nanoTime() - t0;
            long cpu = threads.getCurrentThreadCpuTime() - cpu0;
            for (int i = 0; i < streams; i++) {
                String expected = Protocol.ack(framer.streamBytes(i));
                String got = framer.answer(i);
                if (!expected.equals(got)) {
                    throw new IOException("stream " + framer.streamId(i) + " answered '" + got.trim() + "', expected '"
                            + expected.trim() + "'");
                }
            }
            return new Sample(bytes, nanos, cpu);
        } catch (EOFException e) {
            throw new IOException("the server closed the connection before every stream was answered", e);
        } finally {
            ReferenceCountUtil.release(engine);
        }
    }

}
