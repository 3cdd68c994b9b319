package dev.loopwork.bench.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** Bootstrap shared by the Netty peers: one group of one thread, Netty's default options. */
public abstract class NettyServerBase implements BenchServer {

    protected final NettyTransport transport;
    protected final SslContext ssl;
    private MultiThreadIoEventLoopGroup group;
    private Channel channel;

    protected NettyServerBase(NettyTransport transport, SslContext ssl) {
        this.transport = transport;
        this.ssl = ssl;
    }

    /** Adds the handlers after the optional SslHandler. */
    protected abstract void initPipeline(SocketChannel ch);

    /**
     * Whether the server is the tuned peer: Netty's pooled allocator instead of 4.2's default
     * adaptive one, which profiles here showed allocating (and zeroing) a new direct buffer for
     * most reads, about a tenth of the server's CPU.
     */
    protected boolean tuned() {
        return false;
    }

    @Override
    public int start() throws InterruptedException {
        group = transport.newGroup();
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .childOption(ChannelOption.ALLOCATOR, tuned() ? PooledByteBufAllocator.DEFAULT : ByteBufAllocator.DEFAULT)
                .channel(transport.serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (ssl != null) {
                            ch.pipeline().addLast("ssl", ssl.newHandler(ch.alloc()));
                        }
                        initPipeline(ch);
                    }
                });
        channel = b.bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
