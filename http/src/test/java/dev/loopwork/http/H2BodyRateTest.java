package dev.loopwork.http;

import dev.loopwork.http.Transports.Wire;
import dev.loopwork.http.internal.h2.ErrorCode;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The minimum body rate on HTTP/2 streams ({@link HttpTimeouts#minBodyRate()}), per stream: a
 * stream whose client stops sending is reset with RST_STREAM CANCEL and its consumer hears a 408,
 * while on the same connection a stream that keeps sending and one whose consumer is paused for
 * longer than the window both complete with their bodies intact.
 */
@Timeout(60)
class H2BodyRateTest {

    /** Servers started so far: each takes the next loop ({@link Transports#rotating}). */
    private static final AtomicInteger servers = new AtomicInteger();

    private static final Duration WINDOW = Duration.ofSeconds(1); // long enough that a loaded machine does not stall the fast stream for a whole window

    @ParameterizedTest
    @EnumSource(Wire.class)
    void aSlowStreamIsResetAndTheOthersGoOn(Wire wire) throws Exception {
        CompletableFuture<Throwable> slowFailed = new CompletableFuture<>();
        CompletableFuture<BodyControl> pausedControl = new CompletableFuture<>();
        RequestHandler hashing = H2Handlers.hashing();
        RequestHandler handler = (req, resp) -> {
            switch (req.path()) {
                case "/slow": {
                    H2Handlers.Hashing h = new H2Handlers.Hashing(req, resp, null);
                    h.done.whenComplete((sha, t) -> slowFailed.complete(t));
                    return h;
                }
                case "/paused":
                    return new H2Handlers.Hashing(req, resp, control -> {
                        control.pause();
                        pausedControl.complete(control);
                    });
                default:
                    return hashing.onRequest(req, resp);
            }
        };
        HttpServer.Builder http = HttpServer.builder().http2(Http2Settings.defaults()).handler(handler)
                .timeouts(HttpTimeouts.builder().minBodyRate(1024, WINDOW).build());
        byte[] fastBody = new byte[4 << 20];
        byte[] pausedBody = new byte[64 << 10];
        new Random(17).nextBytes(fastBody);
        new Random(18).nextBytes(pausedBody);
        try (TestTls tls = wire == Wire.TLS ? new TestTls("h2", "http/1.1") : null;
             ServerFixture server = ServerFixture.start(http, Transports.rotating(servers.getAndIncrement()), tls)) {
            H2TestClient c = H2TestClient.connect(server, tls);
            int slow = c.request("POST", "/slow", false);
            c.data(slow, new byte[10], 0, 10, false); // then nothing: 10 bytes, far below 1 KiB/s
            int paused = c.request("POST", "/paused", false);
            c.data(paused, pausedBody, 0, 1024, false);
            BodyControl control = pausedControl.get(10, TimeUnit.SECONDS);
            int fast = c.request("POST", "/fast", false);
            // The fast stream sends 16 KiB, then waits up to 50 ms for the slow stream's reset, again
            // and again: far above the minimum, until the reset comes (bounded by the body's size).
            int sent = 0;
            boolean reset = false;
            while (!reset && sent + (16 << 10) < fastBody.length) {
                c.data(fast, fastBody, sent, 16 << 10, false);
                sent += 16 << 10;
                reset = c.waitUpTo(50, () -> c.rstCode(slow) >= 0);
            }
            assertEquals(ErrorCode.CANCEL.code, c.awaitRst(slow), "the slow stream's reset, after " + sent + " fast bytes");
            Throwable cause = slowFailed.get(10, TimeUnit.SECONDS);
            assertEquals(408, assertInstanceOf(HttpException.class, cause).status(), String.valueOf(cause));

            // The paused stream was held longer than a window: not the client's fault, not reset.
            control.resume();
            c.data(paused, pausedBody, 1024, pausedBody.length - 1024, true);
            c.data(fast, fastBody, sent, fastBody.length - sent, true);
            assertEquals("HTTP/2 " + pausedBody.length + " " + TestFiles.sha256(pausedBody) + "\n", body(c, paused));
            assertEquals("HTTP/2 " + fastBody.length + " " + TestFiles.sha256(fastBody) + "\n", body(c, fast));
        }
    }

    private static String body(H2TestClient c, int id) {
        H2TestClient.StreamEvents e = c.awaitResponse(id);
        assertEquals(200, e.status);
        return e.body.toString(StandardCharsets.UTF_8);
    }
}
