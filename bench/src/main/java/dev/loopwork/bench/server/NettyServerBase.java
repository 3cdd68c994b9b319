package dev.loopwork.bench.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** Bootstrap shared by the Netty peers: one group of one thread, Netty's default options. */
abstract class NettyServerBase implements BenchServer {

    protected final NettyTransport transport;
    protected final SslContext ssl;
    private MultiThreadIoEventLoopGroup group;
    private Channel channel;

    NettyServerBase(NettyTransport transport, SslContext ssl) {
        this.transport = transport;
        this.ssl = ssl;
    }

    /** Adds the handlers after the optional SslHandler. */
    protected abstract void initPipeline(SocketChannel ch);

    @Override
    public int start() throws InterruptedException {
        group = transport.newGroup();
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
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
