package dev.loopwork.http;

import dev.loopwork.http.Transports.Wire;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real HTTP/2 clients uploading to the server on every loop, h2c (prior knowledge) and TLS (ALPN):
 * curl, nghttp, h2load (Debian's nghttp2-client: {@code bash http/scripts/install-h2-clients.sh}),
 * the JDK {@link HttpClient} (over TLS: it does h2c only through Upgrade, which the server does not
 * offer), and Netty's Http2FrameCodec. Every answer carries the SHA-256 the server computed.
 */
@Timeout(180)
class H2ClientsTest {

    static final int SIZE = 8 << 20;
    /** For the slower clients (nghttp, the JDK's): the default run stays short; -Pslow has 1 GiB. */
    static final int SMALL = 2 << 20;

    @TempDir
    Path dir;

    static Stream<org.junit.jupiter.params.provider.Arguments> nativeAndJdk() {
        return Transports.jdkAndNative().flatMap(t -> Stream.of(org.junit.jupiter.params.provider.Arguments.of(t, Wire.PLAIN),
                org.junit.jupiter.params.provider.Arguments.of(t, Wire.TLS)));
    }

    private static ServerFixture start(String transport, TestTls tls) {
        return ServerFixture.start(HttpServer.builder().handler(H2Handlers.hashing()), transport, tls);
    }

    private static TestTls tls(Wire wire) {
        return wire == Wire.TLS ? new TestTls("h2", "http/1.1") : null;
    }

    private static void assumeTool(String tool, String why) {
        Assumptions.assumeTrue(TestFiles.available(tool), tool + " is not installed (" + why + "): skipping");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.loopwork.http.Transports#plainAndTls")
    void curl(String transport, Wire wire) throws Exception {
        assumeTool("curl", "the Debian package curl");
        Path file = TestFiles.random(dir, "up.bin", SIZE, 7);
        try (TestTls tls = tls(wire); ServerFixture server = start(transport, tls)) {
            List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--fail", "--max-time", "120", "--noproxy", "*",
                    wire == Wire.TLS ? "--http2" : "--http2-prior-knowledge", "--data-binary", "@" + file,
                    "-w", "%{http_version}"));
            if (tls != null) {
                cmd.addAll(tls.curlArgs());
            }
            cmd.add(server.uri("/up").toString());
            String out = TestFiles.run(cmd, 150);
            assertEquals("HTTP/2 " + SIZE + " " + TestFiles.sha256(file) + "\n2", out);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("nativeAndJdk")
    void nghttp(String transport, Wire wire) throws Exception {
        assumeTool("nghttp", "bash http/scripts/install-h2-clients.sh installs it");
        Path file = TestFiles.random(dir, "up.bin", SMALL, 8);
        try (TestTls tls = tls(wire); ServerFixture server = start(transport, tls)) {
            String out = TestFiles.run(List.of("nghttp", "-d", file.toString(), server.uri("/up").toString()), 150);
            assertEquals("HTTP/2 " + SMALL + " " + TestFiles.sha256(file) + "\n", out);
        }
    }

    /** h2load: 100 uploads as 100 concurrent streams on one connection. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("nativeAndJdk")
    void h2loadHundredConcurrentStreams(String transport, Wire wire) throws Exception {
        assumeTool("h2load", "bash http/scripts/install-h2-clients.sh installs it");
        Path file = TestFiles.random(dir, "up.bin", 256 * 1024, 9);
        try (TestTls tls = tls(wire); ServerFixture server = start(transport, tls)) {
            String out = TestFiles.run(List.of("h2load", "-n", "100", "-c", "1", "-m", "100", "-d", file.toString(),
                    server.uri("/up").toString()), 150);
            assertTrue(out.contains("100 succeeded, 0 failed, 0 errored"), out);
            assertTrue(out.contains("status codes: 100 2xx"), out);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.loopwork.http.Transports#all")
    void jdkHttpClientOverTls(String transport) throws Exception {
        byte[] body = new byte[SMALL];
        new java.util.Random(10).nextBytes(body);
        try (TestTls tls = new TestTls("h2", "http/1.1"); ServerFixture server = start(transport, tls)) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                    .sslContext(tls.clientContext()).build();
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                all.add(client.sendAsync(java.net.http.HttpRequest.newBuilder(server.uri("/up/" + i))
                        .POST(BodyPublishers.ofByteArray(body)).build(), BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> f : all) {
                HttpResponse<String> r = f.get(120, TimeUnit.SECONDS);
                assertEquals(HttpClient.Version.HTTP_2, r.version());
                assertEquals(200, r.statusCode());
                assertEquals("HTTP/2 " + SMALL + " " + TestFiles.sha256(body) + "\n", r.body());
            }
        }
    }

    /**
     * Fallbacks: over TLS a client that offers only http/1.1 gets HTTP/1.1 from a server that offers
     * h2 too; in clear, the JDK's HTTP/2 client asks for h2c by Upgrade, which is not offered, and
     * goes on in HTTP/1.1.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("nativeAndJdk")
    void http11Fallback(String transport, Wire wire) throws Exception {
        byte[] body = "hello".getBytes(StandardCharsets.US_ASCII);
        try (TestTls tls = tls(wire); ServerFixture server = start(transport, tls)) {
            HttpClient.Builder b = HttpClient.newBuilder()
                    .version(wire == Wire.TLS ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2);
            if (tls != null) {
                b.sslContext(tls.clientContext());
            }
            HttpResponse<String> r = b.build().send(java.net.http.HttpRequest.newBuilder(server.uri("/up"))
                    .POST(BodyPublishers.ofByteArray(body)).build(), BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_1_1, r.version());
            assertEquals("HTTP/1.1 5 " + TestFiles.sha256(body) + "\n", r.body());
        }
    }

    /** Netty's HTTP/2 client (Http2FrameCodec + Http2MultiplexHandler): 8 concurrent streams of 1 MiB. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("nativeAndJdk")
    void nettyHttp2Client(String transport, Wire wire) throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (TestTls tls = tls(wire); ServerFixture server = start(transport, tls)) {
            SslContext ssl = tls == null ? null : SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                    .trustManager(tls.cert.certificateFile().toFile())
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            ApplicationProtocolNames.HTTP_2)).build();
            Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            if (ssl != null) {
                                c.pipeline().addLast(ssl.newHandler(c.alloc(), "127.0.0.1", server.port()));
                            }
                            c.pipeline().addLast(Http2FrameCodecBuilder.forClient().build());
                            c.pipeline().addLast(new Http2MultiplexHandler(new SimpleChannelInboundHandler<Object>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                                    // the client accepts no pushed streams
                                }
                            }));
                        }
                    }).connect(server.address()).sync().channel();
            List<CompletableFuture<String>> answers = new ArrayList<>();
            List<byte[]> bodies = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                byte[] body = new byte[1 << 20];
                new java.util.Random(20 + i).nextBytes(body);
                bodies.add(body);
                CompletableFuture<String> answer = new CompletableFuture<>();
                answers.add(answer);
                Http2StreamChannel s = new Http2StreamChannelBootstrap(ch).handler(new Collect(answer)).open().sync().getNow();
                DefaultHttp2Headers h = new DefaultHttp2Headers();
                h.method("POST").path("/n" + i).scheme(tls == null ? "http" : "https").authority("127.0.0.1:" + server.port());
                h.setInt("content-length", body.length);
                s.write(new DefaultHttp2HeadersFrame(h, false));
                for (int off = 0; off < body.length; off += 64 * 1024) {
                    boolean last = off + 64 * 1024 >= body.length;
                    s.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body, off, 64 * 1024), last));
                }
                s.flush();
            }
            for (int i = 0; i < 8; i++) {
                assertEquals("200 HTTP/2 " + (1 << 20) + " " + TestFiles.sha256(bodies.get(i)) + "\n",
                        answers.get(i).get(120, TimeUnit.SECONDS));
            }
            ch.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** Collects one stream's response as "status body". */
    private static final class Collect extends SimpleChannelInboundHandler<Http2StreamFrame> {
        private final CompletableFuture<String> answer;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private String status = "?";

        Collect(CompletableFuture<String> answer) {
            this.answer = answer;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) {
            boolean end = false;
            if (frame instanceof Http2HeadersFrame) {
                Http2HeadersFrame h = (Http2HeadersFrame) frame;
                status = String.valueOf(h.headers().status());
                end = h.isEndStream();
            } else if (frame instanceof Http2DataFrame) {
                Http2DataFrame d = (Http2DataFrame) frame;
                byte[] b = new byte[d.content().readableBytes()];
                d.content().readBytes(b);
                body.writeBytes(b);
                end = d.isEndStream();
            }
            if (end) {
                answer.complete(status + " " + body.toString(StandardCharsets.UTF_8));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            answer.completeExceptionally(cause);
        }
    }
}
