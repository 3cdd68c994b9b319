package dev.loopwork.bench.jmh;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.netty.util.ReferenceCountUtil;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import java.nio.ByteBuffer;

/**
 * A client and a server {@link SSLEngine} of one provider, handshaken in memory (no sockets), TLS
 * 1.3 with AES-128-GCM: what the benchmarks wrap and unwrap with.
 */
final class EnginePair implements AutoCloseable {

    static final String SUITE = "TLS_AES_128_GCM_SHA256";

    final SSLEngine client;
    final SSLEngine server;

    EnginePair(SslProvider provider) throws Exception {
        SelfSignedCertificate cert = new SelfSignedCertificate("localhost");
        SslContext serverCtx = SslContextBuilder.forServer(cert.certificate(), cert.privateKey())
                .sslProvider(provider).protocols("TLSv1.3").ciphers(java.util.List.of(SUITE)).build();
        SslContext clientCtx = SslContextBuilder.forClient().sslProvider(provider)
                .trustManager(InsecureTrustManagerFactory.INSTANCE).protocols("TLSv1.3")
                .ciphers(java.util.List.of(SUITE)).build();
        client = clientCtx.newEngine(ByteBufAllocator.DEFAULT, "localhost", 443);
        server = serverCtx.newEngine(ByteBufAllocator.DEFAULT);
        cert.delete();
        handshake();
    }

    private void handshake() throws SSLException {
        ByteBuffer c2s = ByteBuffer.allocateDirect(1 << 16);
        ByteBuffer s2c = ByteBuffer.allocateDirect(1 << 16);
        ByteBuffer app = ByteBuffer.allocateDirect(1 << 17);
        ByteBuffer empty = ByteBuffer.allocate(0);
        client.beginHandshake();
        server.beginHandshake();
        for (int i = 0; i < 1000; i++) {
            boolean done = true;
            done &= step(client, empty, c2s, s2c, app);
            done &= step(server, empty, s2c, c2s, app);
            if (done) {
                return;
            }
        }
        throw new SSLException("handshake did not finish");
    }

    /** One step of {@code e}'s handshake: wrap into {@code out}, unwrap from {@code in}, run tasks. */
    private static boolean step(SSLEngine e, ByteBuffer empty, ByteBuffer out, ByteBuffer in, ByteBuffer app)
            throws SSLException {
        SSLEngineResult.HandshakeStatus hs = e.getHandshakeStatus();
        switch (hs) {
            case NEED_WRAP:
                e.wrap(empty, out);
                return false;
            case NEED_UNWRAP:
                in.flip();
                e.unwrap(in, app.clear());
                in.compact();
                return false;
            case NEED_TASK:
                for (Runnable t; (t = e.getDelegatedTask()) != null; ) {
                    t.run();
                }
                return false;
            default:
                // drain anything left for us (e.g. TLS 1.3 session tickets), then we are done
                in.flip();
                if (in.hasRemaining()) {
                    e.unwrap(in, app.clear());
                }
                in.compact();
                return in.position() == 0;
        }
    }

    @Override
    public void close() {
        ReferenceCountUtil.release(client);
        ReferenceCountUtil.release(server);
    }
}
