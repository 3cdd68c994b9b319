package dev.loopwork.uploadserver;

import dev.loopwork.LoopGroup;
import dev.loopwork.Server;
import dev.loopwork.bootstrap.Loopwork;
import dev.loopwork.bootstrap.ProviderStatus;
import dev.loopwork.http.FileUploadHandler;
import dev.loopwork.http.HttpLimits;
import dev.loopwork.http.HttpServer;
import dev.loopwork.tls.SelfSignedCertificate;
import dev.loopwork.tls.TlsConfig;
import dev.loopwork.tls.TlsConfigException;
import dev.loopwork.tls.TlsContext;
import dev.loopwork.tls.TlsEngine;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * A running upload server: a {@link FileUploadHandler} behind {@link HttpServer}, with the TLS stage
 * when asked for, on a loop group of the chosen transport. {@link #start} checks what the command
 * line could not (the transport exists and runs here, the OpenSSL engine loads, the key material and
 * the folder can be used) and fails with a {@link UsageException} naming the option; a port that
 * cannot be bound is an {@link IllegalStateException} with one line to show.
 */
final class UploadServer implements AutoCloseable {

    /** How long uploads in flight may run on after a stop was asked for. */
    static final Duration SHUTDOWN_DEADLINE = Duration.ofSeconds(30);

    private final Options options;
    private final LoopGroup group;
    private final Server server;
    private final TlsContext tls;
    private final SelfSignedCertificate selfSigned;
    private final Path dir;

    private UploadServer(Options options, LoopGroup group, Server server, TlsContext tls,
                         SelfSignedCertificate selfSigned, Path dir) {
        this.options = options;
        this.group = group;
        this.server = server;
        this.tls = tls;
        this.selfSigned = selfSigned;
        this.dir = dir;
    }

    /** The transports this process has, for {@code --help}: {@code nio, epoll, kqueue (unavailable), ...}. */
    static String transports() {
        return Loopwork.providers().stream()
                .map(p -> p.name() + (p.isAvailable() ? "" : " (unavailable)"))
                .collect(Collectors.joining(", "));
    }

    static UploadServer start(Options o) throws UsageException {
        String transport = checkTransport(o.transport);
        InetSocketAddress address = address(o);
        FileUploadHandler handler;
        try {
            handler = new FileUploadHandler(o.dir);
        } catch (UncheckedIOException | UnsupportedOperationException e) {
            throw new UsageException("--dir: cannot store uploads in " + o.dir.toAbsolutePath() + ": " + oneLine(e), e);
        }
        SelfSignedCertificate selfSigned = null;
        TlsContext tls = null;
        try {
            if (o.tls) {
                if (o.engine == TlsEngine.OPENSSL && !TlsContext.isOpenSslAvailable()) {
                    throw new UsageException("--engine openssl: the OpenSSL engine cannot run here");
                }
                TlsConfig.Builder config;
                if (o.selfSigned) {
                    selfSigned = SelfSignedCertificate.generate(SelfSignedCertificate.KeyType.EC_P256,
                            "localhost", "127.0.0.1");
                    config = selfSigned.serverConfig();
                } else {
                    config = TlsConfig.server().keyAndCertificateChain(o.key, o.cert);
                }
                try {
                    tls = TlsContext.create(config.applicationProtocols("http/1.1").engine(o.engine).build());
                } catch (TlsConfigException e) {
                    throw new UsageException((o.selfSigned ? "--self-signed: " : "--cert/--key: ") + oneLine(e), e);
                }
            }
            HttpServer.Builder http = HttpServer.builder()
                    .limits(HttpLimits.builder().maxBodySize(o.maxBody).build())
                    .handler(handler)
                    .serverName("loopwork-upload-server");
            TlsContext stage = tls;
            if (stage != null) {
                http.setup(setup -> setup.addStage(stage.newStage(setup)));
            }
            LoopGroup group = Loopwork.group().transport(transport).loops(o.loops).name("upload-server").build();
            Server server;
            try {
                server = http.build().listen(group, address);
            } catch (RuntimeException e) {
                group.close();
                throw new IllegalStateException("cannot listen on " + address.getHostString() + ':' + address.getPort()
                        + ": " + oneLine(e), e);
            }
            return new UploadServer(o, group, server, tls, selfSigned, o.dir.toAbsolutePath());
        } catch (UsageException | RuntimeException | Error e) {
            if (selfSigned != null) {
                selfSigned.close();
            }
            throw e;
        }
    }

    /** The provider's name for {@code name} ({@code auto} resolved), or why it cannot be used. */
    private static String checkTransport(String name) throws UsageException {
        List<ProviderStatus> all = Loopwork.providers();
        if (!name.equals("auto")) {
            Optional<ProviderStatus> found = all.stream().filter(p -> p.name().equals(name)).findFirst();
            if (found.isEmpty()) {
                throw new UsageException("--transport: no transport named '" + name + "' (here: " + transports() + ')');
            }
            if (!found.get().isAvailable()) {
                throw new UsageException("--transport: " + found.get().unavailabilityCause()
                        .map(UploadServer::oneLine).orElse("'" + name + "' is not available here"));
            }
            return name;
        }
        try {
            return Loopwork.selectProvider("auto").name();
        } catch (RuntimeException e) {
            throw new UsageException("--transport auto: " + oneLine(e), e);
        }
    }

    private static InetSocketAddress address(Options o) throws UsageException {
        try {
            return new InetSocketAddress(InetAddress.getByName(o.host), o.port());
        } catch (UnknownHostException e) {
            throw new UsageException("--host: unknown host '" + o.host + "'", e);
        }
    }

    /** The first line of the most specific message in {@code t}'s cause chain. */
    static String oneLine(Throwable t) {
        String best = t.toString();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                best = c.getMessage();
                if (c.getCause() == null || c.getCause().getMessage() == null) {
                    break;
                }
            }
        }
        int nl = best.indexOf('\n');
        return (nl >= 0 ? best.substring(0, nl) : best).trim();
    }

    InetSocketAddress address() {
        return server.localAddress();
    }

    LoopGroup group() {
        return group;
    }

    /** {@code http://127.0.0.1:8080/} or {@code https://...}. */
    String url() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        if (host.indexOf(':') >= 0) {
            host = '[' + host + ']';
        }
        return (tls != null ? "https" : "http") + "://" + host + ':' + a.getPort() + '/';
    }

    /** The one line printed at start: address, transport, engine, folder. */
    String startupLine() {
        String engine = tls == null ? "no TLS"
                : "TLS engine " + tls.engine().name().toLowerCase(Locale.ROOT)
                + (selfSigned != null ? " (self-signed certificate " + selfSigned.certificateFile() + ')'
                        : " (certificate " + options.cert + ')');
        return "upload server on " + url() + " | transport " + group.transport() + " (" + options.loops
                + (options.loops == 1 ? " loop" : " loops") + ") | " + engine + " | max body "
                + Options.size(options.maxBody) + " | uploads in " + dir;
    }

    CompletionStage<Void> terminationFuture() {
        return group.terminationFuture();
    }

    /** Stops accepting, lets uploads in flight finish within {@link #SHUTDOWN_DEADLINE}, then deletes a self-signed certificate. */
    @Override
    public void close() {
        try {
            group.shutdownGracefully(SHUTDOWN_DEADLINE).toCompletableFuture().join();
        } finally {
            if (selfSigned != null) {
                selfSigned.close();
            }
        }
    }

    @Override
    public String toString() {
        return "UploadServer{" + url() + ", transport=" + group.transport() + ", tls="
                + (tls == null ? "none" : tls.engine()) + ", dir=" + dir + '}';
    }
}
