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

import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;

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
 * transport a subject. h2c, and h2 over TLS negotiated by ALPN (OpenSSL engine on both servers; nio
 * and epoll only unless {@code bench.everywhere}). TLS rows upload {@code bench.tlsSize}.
 */
public final class H2Rows {

    public static final String ONE_STREAM = "h2";
    public static final String SIXTEEN_STREAMS = "h2x16";

    private H2Rows() {
    }

    public static boolean isH2(Case c) {
        return c.body().startsWith("h2");
    }

    /**
     * The h2 matches of Netty transport {@code transport}, whose Loopwork peers are {@code backends}:
     * h2c on all of them; h2 over TLS (OpenSSL engine on both sides) on nio and epoll, or on all of
     * them when {@code everywhere} (the full profile).
     */
    public static List<Match> matches(String transport, List<String> backends, boolean everywhere) {
        List<String> tlsBackends = everywhere ? backends
                : backends.stream().filter(b -> b.equals("nio") || b.equals("epoll")).toList();
        List<Match> m = new ArrayList<>();
        for (String body : List.of(ONE_STREAM, SIXTEEN_STREAMS)) {
            m.add(match(transport, backends, body, "none"));
        }
        if (!tlsBackends.isEmpty()) {
            for (String body : List.of(ONE_STREAM, SIXTEEN_STREAMS)) {
                m.add(match(transport, tlsBackends, body, "openssl"));
            }
        }
        return m;
    }

    private static Match match(String transport, List<String> backends, String body, String tls) {
        String title = "HTTP/2 upload, " + (ONE_STREAM.equals(body) ? "one stream" : "16 concurrent streams") + ", "
                + ("none".equals(tls) ? "h2c" : "TLS " + tls + " engine, ALPN h2");
        return new Match("h2", title + " (" + transport + ")", List.of(Case.of("netty", transport, body, tls)),
                backends.stream().map(b -> Case.of("loopwork", b, body, tls)).toList());
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

    /** One client per stream count and wire (h2c, TLS); they share the payload of the other clients. */
    public static final class Clients {
        private final H2UploadClient one;
        private final H2UploadClient sixteen;
        private final H2UploadClient oneTls;
        private final H2UploadClient sixteenTls;

        public Clients(Payload payload) throws SSLException {
            one = new H2UploadClient(payload, 1, false);
            sixteen = new H2UploadClient(payload, 16, false);
            oneTls = new H2UploadClient(payload, 1, true);
            sixteenTls = new H2UploadClient(payload, 16, true);
        }

        public UploadClient client(Case c) {
            boolean sixteenStreams = SIXTEEN_STREAMS.equals(c.body());
            if (c.isPlain()) {
                return sixteenStreams ? sixteen : one;
            }
            return sixteenStreams ? sixteenTls : oneTls;
        }

        public List<UploadClient> all() {
            return List.of(one, sixteen, oneTls, sixteenTls);
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
