package dev.loopwork.bench.h2;

import dev.loopwork.bench.client.Payload;
import dev.loopwork.bench.client.UploadClient;
import dev.loopwork.bench.harness.Case;
import dev.loopwork.bench.harness.Match;
import dev.loopwork.bench.server.BenchServer;
import dev.loopwork.bench.server.NettyTransport;
import dev.loopwork.bench.server.ServerSpec;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import java.util.List;

/**
 * The HTTP/2 upload rows, registered with the harness through three hooks: {@code Catalog} adds
 * {@link #matches}, {@code Servers} builds {@code netty-h2} servers with {@link #server} (a
 * {@code loopwork-h2} server is the HTTP rows' {@code LoopworkHttpServer}: the http module's
 * {@code HttpServer} speaks h2c with prior knowledge by default), and {@code BenchMain} picks
 * {@link #client} for their cases.
 *
 * <p>Two bodies: {@code h2} is one stream carrying the whole upload ({@code bench.size}: 1 GiB in
 * the full profile, 256 MiB in the quick one); {@code h2x16} is 16 concurrent streams on one
 * connection, each a sixteenth of it (64 MiB, or 16 MiB). Each is its own match: Netty's
 * {@code Http2FrameCodec} on the peer transport is the reference, every Loopwork backend of that
 * transport a subject. Plain h2c only: the client has no TLS (see the bench README).
 */
public final class H2Rows {

    public static final String ONE_STREAM = "h2";
    public static final String SIXTEEN_STREAMS = "h2x16";

    private H2Rows() {
    }

    public static boolean isH2(Case c) {
        return c.body().startsWith("h2");
    }

    /** The h2 matches of Netty transport {@code transport}, whose Loopwork peers are {@code backends}. */
    public static List<Match> matches(String transport, List<String> backends) {
        return List.of(match(transport, backends, ONE_STREAM, "HTTP/2 upload, one stream, h2c"),
                match(transport, backends, SIXTEEN_STREAMS, "HTTP/2 upload, 16 concurrent streams, h2c"));
    }

    private static Match match(String transport, List<String> backends, String body, String title) {
        return new Match("h2", title + " (" + transport + ")", List.of(Case.of("netty", transport, body, "none")),
                backends.stream().map(b -> Case.of("loopwork", b, body, "none")).toList());
    }

    /** The row's label in the report's tables. */
    public static String label(Case c) {
        return (SIXTEEN_STREAMS.equals(c.body()) ? "HTTP/2, 16 streams, " : "HTTP/2, 1 stream, ")
                + ("none".equals(c.tls()) ? "h2c" : "TLS " + c.tls());
    }

    /** Netty's h2 server for a {@code netty-h2} spec: h2c, or TLS with ALPN h2 on the engine it names. */
    public static BenchServer server(ServerSpec spec) throws Exception {
        return new NettyH2Server(NettyTransport.of(spec.transport()), "none".equals(spec.tls()) ? null : ssl(spec));
    }

    /** One client per stream count; they share the payload of the other clients. */
    public static final class Clients {
        private final H2UploadClient one;
        private final H2UploadClient sixteen;

        public Clients(Payload payload) {
            one = new H2UploadClient(payload, 1);
            sixteen = new H2UploadClient(payload, 16);
        }

        public UploadClient client(Case c) {
            return SIXTEEN_STREAMS.equals(c.body()) ? sixteen : one;
        }

        public List<UploadClient> all() {
            return List.of(one, sixteen);
        }
    }

    private static SslContext ssl(ServerSpec spec) throws Exception {
        SslProvider provider = "openssl".equals(spec.tls()) ? SslProvider.OPENSSL : SslProvider.JDK;
        if (provider == SslProvider.OPENSSL && !OpenSsl.isAvailable()) {
            throw new IllegalStateException("OpenSSL engine unavailable", OpenSsl.unavailabilityCause());
        }
        return SslContextBuilder.forServer(spec.certDir().resolve("cert.pem").toFile(), spec.certDir().resolve("key.pem").toFile())
                .sslProvider(provider)
                .protocols("TLSv1.3", "TLSv1.2")
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2))
                .build();
    }
}
