package dev.loopwork.http;

import dev.loopwork.ConnectionHandler;
import dev.loopwork.ConnectionInitializer;
import dev.loopwork.ConnectionSetup;
import dev.loopwork.LoopGroup;
import dev.loopwork.Server;
import dev.loopwork.SocketOptions;
import dev.loopwork.http.internal.ProtocolSwitch;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An HTTP/1.1 and HTTP/2 server for streaming uploads, as a {@link ConnectionInitializer}: give it to
 * {@link LoopGroup#listen} (or call {@link #listen}) and every accepted connection speaks HTTP,
 * on whatever loop the group runs (nio, epoll, an integrator's).
 *
 * <pre>{@code
 * HttpServer http = HttpServer.builder()
 *         .limits(HttpLimits.builder().maxBodySize(8L << 30).build())
 *         .handler(new FileUploadHandler(Path.of("/srv/uploads")))
 *         .build();
 * Server server = http.listen(group, new InetSocketAddress("127.0.0.1", 8080));
 * }</pre>
 *
 * <h2>TLS and other stages</h2>
 * {@link Builder#setup} runs for each connection before its handler is made; add a TLS stage there
 * ({@code setup -> setup.addStage(tls.newStage(setup))}). The HTTP layer sees only plaintext.
 *
 * <h2>HTTP/2</h2>
 * The same server, handler and API speak HTTP/2 ({@link HttpRequest#version()} says
 * {@code "HTTP/2"}): over TLS when ALPN chooses {@code h2} (list {@code "h2", "http/1.1"} in the
 * TLS config's application protocols; a client that offers only {@code http/1.1} gets HTTP/1.1),
 * and in clear for a client that starts with the HTTP/2 preface (prior knowledge, h2c). Each stream
 * is one request; pausing one stream's body withholds that stream's flow-control window only.
 * Windows and limits: {@link Http2Settings}. No server push.
 *
 * <h2>What it does for you</h2>
 * Keep-alive and pipelining (answered in order); Content-Length and chunked bodies streamed with
 * backpressure; {@code Expect: 100-continue}; strict parsing against request smuggling (see
 * {@link HttpRequest}); limits ({@link HttpLimits}) and timeouts ({@link HttpTimeouts}); error
 * answers with {@code Connection: close} followed by a lingering close, so clients read the answer
 * instead of a reset.
 *
 * <h2>Graceful shutdown</h2>
 * {@link LoopGroup#shutdownGracefully} closes idle keep-alive connections at once and lets an
 * exchange in flight finish (its response says {@code Connection: close}); the group's deadline
 * aborts what is left.
 */
public final class HttpServer implements ConnectionInitializer {

    private final HttpLimits limits;
    private final HttpTimeouts timeouts;
    private final RequestHandler handler;
    private final String serverName;
    private final Consumer<ConnectionSetup> setup;
    private final Http2Settings http2;

    private HttpServer(Builder b) {
        this.limits = b.limits;
        this.timeouts = b.timeouts;
        this.handler = b.handler;
        this.serverName = b.serverName;
        this.setup = b.setup;
        this.http2 = b.http2;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Sets up one connection: runs the setup hook, returns its HTTP handler. Loop thread. */
    @Override
    public ConnectionHandler initialize(ConnectionSetup connectionSetup) {
        if (setup != null) {
            setup.accept(connectionSetup);
        }
        return new ProtocolSwitch(limits, timeouts, http2, handler, serverName);
    }

    /** Listens on {@code address} in {@code group} with default socket options. */
    public Server listen(LoopGroup group, InetSocketAddress address) {
        return group.listen(address, this);
    }

    public Server listen(LoopGroup group, InetSocketAddress address, SocketOptions options) {
        return group.listen(address, options, this);
    }

    public HttpLimits limits() {
        return limits;
    }

    public HttpTimeouts timeouts() {
        return timeouts;
    }

    public Http2Settings http2() {
        return http2;
    }

    @Override
    public String toString() {
        return "HttpServer{" + handler + ", " + limits + ", " + timeouts + ", " + http2 + (serverName != null ? ", server=" + serverName
                : "") + '}';
    }

    /** Builder; {@link #handler} is required. */
    public static final class Builder {
        private HttpLimits limits = HttpLimits.defaults();
        private HttpTimeouts timeouts = HttpTimeouts.defaults();
        private RequestHandler handler;
        private String serverName;
        private Consumer<ConnectionSetup> setup;
        private Http2Settings http2 = Http2Settings.defaults();

        private Builder() {
        }

        public Builder limits(HttpLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        public Builder timeouts(HttpTimeouts timeouts) {
            this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
            return this;
        }

        /** HTTP/2 windows and limits; {@link Http2Settings#defaults()} unless set. */
        public Builder http2(Http2Settings settings) {
            this.http2 = Objects.requireNonNull(settings, "http2");
            return this;
        }

        public Builder handler(RequestHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** A {@code Server} header value for every response; none by default. */
        public Builder serverName(String name) {
            Objects.requireNonNull(name, "serverName");
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c < 0x20 || c > 0x7E) {
                    throw new IllegalArgumentException("serverName has a control or non-ASCII character at " + i);
                }
            }
            this.serverName = name;
            return this;
        }

        /** Runs for each connection before its handler is made, e.g. to add a TLS stage. */
        public Builder setup(Consumer<ConnectionSetup> setup) {
            this.setup = Objects.requireNonNull(setup, "setup");
            return this;
        }

        /** @throws IllegalStateException if no handler was set */
        public HttpServer build() {
            if (handler == null) {
                throw new IllegalStateException("HttpServer.builder(): handler(...) is required");
            }
            return new HttpServer(this);
        }
    }
}
