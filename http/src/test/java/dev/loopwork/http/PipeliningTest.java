package dev.loopwork.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Pipelined requests are answered in order, each after the previous response completed. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipeliningTest {

    @Test
    void answersInOrderWhenTheFirstAnswersLateFromAnotherThread() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CompletableFuture<Response> slow = new CompletableFuture<>();
        RequestHandler h = (req, res) -> {
            events.add("request " + req.path());
            if (req.path().equals("/slow")) {
                slow.complete(res); // answered later, by the test thread
            } else {
                res.send("fast " + req.path());
            }
            return null;
        };
        try (ServerFixture fx = ServerFixture.start(h)) {
            RawClient c = fx.client();
            c.send("GET /slow HTTP/1.1\r\nHost: h\r\n\r\n"
                    + "POST /fast1 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"
                    + "GET /fast2 HTTP/1.1\r\nHost: h\r\n\r\n");
            Response late = slow.get(30, TimeUnit.SECONDS);
            assertEquals(List.of("request /slow"), events, "the next request waits for this response");
            late.begin(-1);
            late.write(java.nio.ByteBuffer.wrap("slow ".getBytes()));
            late.write(java.nio.ByteBuffer.wrap("answer".getBytes()));
            late.end();
            RawClient.Reply r1 = c.read();
            assertEquals("chunked", r1.header("Transfer-Encoding"));
            assertEquals("slow answer", r1.text());
            assertEquals("fast /fast1", c.read().text());
            assertEquals("fast /fast2", c.read().text());
            assertEquals(List.of("request /slow", "request /fast1", "request /fast2"), events);
        }
    }
}
