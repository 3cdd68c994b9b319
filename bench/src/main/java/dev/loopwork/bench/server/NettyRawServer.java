package dev.loopwork.bench.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;

/**
 * Netty's raw limit: a plain discard handler speaking {@link Protocol}'s raw protocol; with an
 * {@code SslHandler} in front, the cost of Netty's TLS alone (no HTTP).
 */
public final class NettyRawServer extends NettyServerBase {

    public NettyRawServer(NettyTransport transport, io.netty.handler.ssl.SslContext ssl) {
        super(transport, ssl);
    }

    @Override
    public String description() {
        return "Netty " + io.netty.util.Version.identify().get("netty-transport").artifactVersion()
                + " raw discard handler" + (ssl != null ? " + SslHandler" : "") + " (" + transport.label() + ")";
    }

    @Override
    protected void initPipeline(SocketChannel ch) {
        ch.pipeline().addLast(new Discard());
    }

    static final class Discard extends ChannelInboundHandlerAdapter {
        private long expected = -1;
        private long received;
        private ByteBuf prefix;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                if (expected < 0) {
                    if (prefix == null) {
                        prefix = ctx.alloc().heapBuffer(Protocol.RAW_PREFIX);
                    }
                    buf.readBytes(prefix, Math.min(prefix.writableBytes(), buf.readableBytes()));
                    if (prefix.isWritable()) {
                        return;
                    }
                    expected = prefix.readLong();
                    prefix.release();
                    prefix = null;
                }
                int n = (int) Math.min(buf.readableBytes(), expected - received);
                buf.skipBytes(n);
                received += n;
                if (received == expected) {
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(Protocol.ackBuffer(received)));
                    expected = -1;
                    received = 0;
                }
            } finally {
                buf.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (prefix != null) {
                prefix.release();
                prefix = null;
            }
            ctx.fireChannelInactive();
        }
    }
}
