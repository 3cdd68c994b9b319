package dev.loopwork.http;

import dev.loopwork.ClosedException;
import dev.loopwork.http.Transports.Wire;
import dev.loopwork.http.internal.h2.ErrorCode;
import dev.loopwork.http.internal.h2.H2;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What happens on a stream that is closed: a response written after the client reset its stream
 * or closed the connection throws {@link ClosedException} as on HTTP/1.1 (not a silent drop), and
 * a HEADERS frame on a stream id the client already used and closed is a connection error
 * PROTOCOL_ERROR (RFC 9113 §5.1.1), while one on a stream the server reset is ignored (§5.1). DATA
 * on a stream the client closed (END_STREAM or RST_STREAM) is a stream error STREAM_CLOSED (§5.1);
 * on a stream the server reset it is dropped.
 */
@Timeout(60)
class H2ClosedStreamTest {

    /** Servers started so far: each takes the next loop ({@link Transports#rotating}). */
    private static final AtomicInteger servers = new AtomicInteger();

    private static TestTls tls(Wire wire) {
        return wire == Wire.TLS ? new TestTls("h2", "http/1.1") : null;
    }

    private static ServerFixture start(TestTls tls, RequestHandler handler) {
        return ServerFixture.start(HttpServer.builder().http2(Http2Settings.defaults()).handler(handler),
                Transports.rotating(servers.getAndIncrement()), tls);
    }

    /** Begins a response and tells, through {@code aborted}, when its request was aborted. */
    private static RequestHandler beginning(CompletableFuture<Response> started, CompletableFuture<Throwable> aborted) {
        return (req, resp) -> {
            if (req.path().equals("/next")) {
                resp.send("ok");
                return null;
            }
            resp.begin(-1);
            resp.write(ByteBuffer.wrap(new byte[]{'a'}));
            started.complete(resp);
            return new BodyConsumer() {
                @Override
                public void onChunk(ByteBuffer data, BodyControl control) {
                    data.position(data.limit());
                }

                @Override
                public void onComplete() {
                }

                @Override
                public void onError(Throwable cause) {
                    aborted.complete(cause);
                }
            };
        };
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void aStreamTheClientResetThrowsClosedOnWritesAndItsDataIsStreamClosed(Wire wire) throws Exception {
        CompletableFuture<Response> started = new CompletableFuture<>();
        CompletableFuture<Throwable> aborted = new CompletableFuture<>();
        try (TestTls tls = tls(wire); ServerFixture server = start(tls, beginning(started, aborted))) {
            H2TestClient c = H2TestClient.connect(server, tls);
            int id = c.request("POST", "/up", false);
            Response resp = started.get(10, TimeUnit.SECONDS);
            c.rst(id, ErrorCode.CANCEL);
            aborted.get(10, TimeUnit.SECONDS);
            ClosedException e = assertThrows(ClosedException.class, () -> resp.write(ByteBuffer.wrap(new byte[10])));
            assertEquals(true, e.getMessage().contains("stream " + id), e.getMessage());
            assertThrows(ClosedException.class, resp::end);
            c.frame(H2.DATA, 0, id, new byte[10]); // after its own RST_STREAM: STREAM_CLOSED (RFC 9113 §5.1)
            // The connection itself goes on, and the reset came before the answer.
            int next = c.request("GET", "/next", true);
            assertEquals(200, c.awaitResponse(next).status);
            assertEquals(ErrorCode.STREAM_CLOSED.code, c.awaitRst(id));
        }
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void aWriteAfterTheConnectionClosedThrowsClosed(Wire wire) throws Exception {
        CompletableFuture<Response> started = new CompletableFuture<>();
        CompletableFuture<Throwable> aborted = new CompletableFuture<>();
        try (TestTls tls = tls(wire); ServerFixture server = start(tls, beginning(started, aborted))) {
            H2TestClient c = H2TestClient.connect(server, tls);
            c.request("POST", "/up", false);
            Response resp = started.get(10, TimeUnit.SECONDS);
            c.close();
            aborted.get(10, TimeUnit.SECONDS);
            assertThrows(ClosedException.class, () -> resp.write(ByteBuffer.wrap(new byte[10])));
            assertThrows(ClosedException.class, resp::end);
        }
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void headersOnAStreamTheClientClosedAreAProtocolError(Wire wire) throws Exception {
        try (TestTls tls = tls(wire); ServerFixture server = start(tls, H2Handlers.hashing())) {
            H2TestClient c = H2TestClient.connect(server, tls);
            int first = c.request("GET", "/a", true);
            assertEquals(200, c.awaitEnd(first).status);
            int second = c.request("GET", "/b", true);
            assertEquals(200, c.awaitEnd(second).status);
            c.headers(first, "GET", "/again", true); // a lower id, closed both ways
            assertEquals(ErrorCode.PROTOCOL_ERROR.code, c.awaitGoAway());
            c.awaitEof();
        }
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void dataAndTrailersOnAStreamTheServerResetAreIgnored(Wire wire) throws Exception {
        try (TestTls tls = tls(wire); ServerFixture server = start(tls, H2Handlers.hashing())) {
            H2TestClient c = H2TestClient.connect(server, tls);
            int id = c.request("POST", "/up", false, "content-length", Long.toString(2L << 30));
            assertEquals(413, c.awaitResponse(id).status);
            assertEquals(ErrorCode.NO_ERROR.code, c.awaitRst(id));
            // DATA and trailers the client sent before it saw the reset: in flight, so not an error.
            c.frame(H2.DATA, 0, id, new byte[10]);
            c.headers(id, "POST", "/up", true);
            int next = c.request("POST", "/next", false);
            c.data(next, new byte[1000], 0, 1000, true);
            assertEquals(200, c.awaitResponse(next).status);
            assertEquals(ErrorCode.NO_ERROR.code, c.awaitRst(id), "no second reset on the stream");
        }
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void dataOnAStreamTheClientEndedIsStreamClosed(Wire wire) throws Exception {
        try (TestTls tls = tls(wire); ServerFixture server = start(tls, H2Handlers.hashing())) {
            H2TestClient c = H2TestClient.connect(server, tls);
            int id = c.request("POST", "/up", false);
            c.data(id, new byte[100], 0, 100, true);
            assertEquals(200, c.awaitResponse(id).status);
            c.frame(H2.DATA, 0, id, new byte[10]); // the stream is closed both ways
            int next = c.request("GET", "/next", true);
            assertEquals(200, c.awaitResponse(next).status); // the connection goes on...
            assertEquals(ErrorCode.STREAM_CLOSED.code, c.awaitRst(id)); // ...and the reset came before
        }
    }
}
