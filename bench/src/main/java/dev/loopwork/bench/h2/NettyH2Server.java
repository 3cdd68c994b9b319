package dev.loopwork.bench.h2;

import dev.loopwork.bench.server.NettyServerBase;
import dev.loopwork.bench.server.NettyTransport;
import dev.loopwork.bench.server.Protocol;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Netty 4.2's HTTP/2 server as its documentation builds one: {@code Http2FrameCodec} and a handler
 * that discards each stream's DATA, hands the bytes back to flow control (a stream
 * {@code WINDOW_UPDATE} frame written to the codec, which is how {@code Http2FrameCodec} is told
 * that bytes were consumed), and answers {@code "received <n>"} at END_STREAM. h2c with prior
 * knowledge when plain; over TLS the {@code SslContext} carries ALPN {@code h2}.
 *
 * <p>The windows are Loopwork's defaults (1 MiB per stream, 4 MiB per connection, {@code
 * dev.loopwork.http.Http2Settings}): with the protocol's 64 KiB, which Netty keeps by default, an
 * upload could have only 64 KiB in flight, and the row would measure the window, not the server.
 */
final class NettyH2Server extends NettyServerBase {

    static final int STREAM_WINDOW = 1 << 20;
    static final int CONNECTION_WINDOW = 4 << 20;

    NettyH2Server(NettyTransport transport, SslContext ssl) {
        super(transport, ssl);
    }

    @Override
    protected void initPipeline(SocketChannel ch) {
        ch.pipeline().addLast(Http2FrameCodecBuilder.forServer()
                .initialSettings(Http2Settings.defaultSettings().initialWindowSize(STREAM_WINDOW).maxConcurrentStreams(100))
                .build());
        ch.pipeline().addLast(new Discard());
    }

    @Override
    public String description() {
        return "netty 4.2 Http2FrameCodec + discarding handler, windows 1 MiB / 4 MiB"
                + (ssl != null ? ", SslHandler OpenSSL, ALPN h2" : ", h2c prior knowledge") + " (" + transport.label() + ")";
    }

    /** Counts each stream's DATA, releases it, returns its bytes to the windows, acknowledges at the end. */
    private static final class Discard extends ChannelInboundHandlerAdapter {
        private final Map<Integer, long[]> received = new HashMap<>();
        private boolean windowOpened;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2SettingsFrame && !windowOpened) {
                    windowOpened = true; // after the client's preface: the connection window to 4 MiB
                    ctx.writeAndFlush(new DefaultHttp2WindowUpdateFrame(CONNECTION_WINDOW - 65_535));
                } else if (msg instanceof Http2HeadersFrame h) {
                    received.put(h.stream().id(), new long[1]);
                    if (h.isEndStream()) {
                        answer(ctx, h.stream());
                    }
                } else if (msg instanceof Http2DataFrame d) {
                    long[] n = received.computeIfAbsent(d.stream().id(), k -> new long[1]);
                    n[0] += d.content().readableBytes();
                    if (d.initialFlowControlledBytes() > 0) {
                        ctx.write(new DefaultHttp2WindowUpdateFrame(d.initialFlowControlledBytes()).stream(d.stream()));
                    }
                    if (d.isEndStream()) {
                        answer(ctx, d.stream());
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        private void answer(ChannelHandlerContext ctx, Http2FrameStream stream) {
            long[] n = received.remove(stream.id());
            byte[] body = Protocol.ack(n == null ? 0 : n[0]).getBytes(StandardCharsets.US_ASCII);
            DefaultHttp2Headers headers = new DefaultHttp2Headers();
            headers.status("200").set("content-type", "text/plain").setInt("content-length", body.length);
            ctx.write(new DefaultHttp2HeadersFrame(headers).stream(stream));
            ctx.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), true).stream(stream));
        }
    }
}
