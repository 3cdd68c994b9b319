package dev.loopwork.bench.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The peer a user would pick instead: Netty's {@code HttpServerCodec} streaming each body, chunk
 * by chunk, to a handler that discards it, with an {@code SslHandler} in front for TLS. The codec
 * keeps its defaults: that is what a user gets.
 *
 * <p>The file variant does what Loopwork's {@code FileUploadHandler} does to each byte, so that the
 * two rows compare the servers and not the work: write it to a new file with a blocking
 * {@code FileChannel} write on the event loop, and feed it to a SHA-256.
 */
public final class NettyHttpServer extends NettyServerBase {

    /** The tuned codec's largest {@code HttpContent}: more than any read, so one read is one content. */
    static final int TUNED_MAX_CHUNK = 1 << 20;

    private final Path fileDir;
    private final boolean tuned;

    /** {@code fileDir} null: discard the body; otherwise write it to a new file there. */
    public NettyHttpServer(NettyTransport transport, SslContext ssl, Path fileDir) {
        this(transport, ssl, fileDir, false);
    }

    /**
     * @param tuned the codec with {@code maxChunkSize} {@value #TUNED_MAX_CHUNK} instead of its
     *              default 8 KiB, which splits each 64 KiB read into eight {@code HttpContent}s, and
     *              the pooled allocator (see {@link NettyServerBase#tuned()})
     */
    public NettyHttpServer(NettyTransport transport, SslContext ssl, Path fileDir, boolean tuned) {
        super(transport, ssl);
        this.fileDir = fileDir;
        this.tuned = tuned;
    }

    @Override
    protected boolean tuned() {
        return tuned;
    }

    @Override
    public String description() {
        return "Netty " + io.netty.util.Version.identify().get("netty-transport").artifactVersion()
                + " HttpServerCodec" + (tuned ? " (maxChunkSize 1 MiB, pooled allocator)" : " (defaults)") + (ssl != null ? " + SslHandler" : "") + (fileDir != null ? " to file" : "")
                + " (" + transport.label() + ")";
    }

    @Override
    protected void initPipeline(SocketChannel ch) {
        HttpServerCodec codec = tuned ? new HttpServerCodec(new HttpDecoderConfig().setMaxChunkSize(TUNED_MAX_CHUNK))
                : new HttpServerCodec();
        ch.pipeline().addLast("http", codec).addLast("upload", new Upload(fileDir));
    }

    static final class Upload extends SimpleChannelInboundHandler<HttpObject> {
        private final Path fileDir;
        private long received;
        private boolean keepAlive;
        private FileChannel file;
        private Path path;
        private MessageDigest sha256;

        Upload(Path fileDir) {
            this.fileDir = fileDir;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) throws IOException {
            if (msg instanceof HttpRequest) {
                received = 0;
                keepAlive = HttpUtil.isKeepAlive((HttpRequest) msg);
                if (fileDir != null) {
                    path = Files.createTempFile(fileDir, "netty-", ".upload");
                    file = FileChannel.open(path, StandardOpenOption.WRITE);
                    sha256 = sha256();
                }
            }
            if (msg instanceof HttpContent) {
                ByteBuf content = ((HttpContent) msg).content();
                received += content.readableBytes();
                if (file != null && content.isReadable()) {
                    for (ByteBuffer b : content.nioBuffers()) {
                        sha256.update(b.duplicate());
                        while (b.hasRemaining()) {
                            file.write(b);
                        }
                    }
                }
                if (msg instanceof LastHttpContent) {
                    finish(ctx);
                }
            }
        }

        private void finish(ChannelHandlerContext ctx) throws IOException {
            closeFile();
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(Protocol.ackBuffer(received)));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
            HttpUtil.setContentLength(response, response.content().readableBytes());
            HttpUtil.setKeepAlive(response, keepAlive);
            ctx.writeAndFlush(response);
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        private void closeFile() throws IOException {
            if (file != null) {
                sha256.digest();
                file.close();
                Files.deleteIfExists(path); // the benchmark measures the write, not the disk filling up
                file = null;
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            closeFile();
            super.channelInactive(ctx);
        }
    }
}
