package dev.loopwork.http.internal;

import dev.loopwork.http.HttpException;
import dev.loopwork.http.HttpLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static dev.loopwork.http.internal.Feeder.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link HeadScanner} + {@link HeadParser}: every input is fed split at every point and one byte at
 * a time; the result (or the refusal's status) and the bytes left after the head must not depend on
 * the split.
 */
class HeadParsingTest {

    private static final HttpLimits LIMITS = HttpLimits.builder().maxHeadSize(1024).maxUriLength(100)
            .maxHeaderCount(8).maxBodySize(1000).build();

    /** The head parsed from every split of {@code input}, checked equal; and the bytes after it. */
    private static RequestHead parseAllSplits(String input, String expectedRest) throws Exception {
        byte[] in = bytes(input);
        List<List<byte[]>> feeds = new ArrayList<>();
        for (int k = 0; k <= in.length; k++) {
            feeds.add(Feeder.split(in, k));
        }
        feeds.add(Feeder.bytewise(in));
        RequestHead first = null;
        for (List<byte[]> pieces : feeds) {
            HeadScanner scanner = new HeadScanner(LIMITS.maxHeadSize(), true, LIMITS.maxUriLength() + 64, 431, "request head");
            byte[] rest = Feeder.feed(pieces, scanner::scan);
            assertNotNull(rest, "head not found in " + pieces.size() + " pieces");
            assertEquals(expectedRest, Feeder.show(rest), "bytes after the head");
            RequestHead head = new HeadParser(LIMITS).parse(scanner.array(), scanner.length());
            if (first == null) {
                first = head;
            } else {
                assertEquals(first.toString(), head.toString(), "same head whatever the split");
            }
        }
        return first;
    }

    /** The status every split of {@code input} is refused with. */
    private static int refusalAllSplits(String input) throws Exception {
        byte[] in = bytes(input);
        List<List<byte[]>> feeds = new ArrayList<>();
        for (int k = 0; k <= in.length; k++) {
            feeds.add(Feeder.split(in, k));
        }
        feeds.add(Feeder.bytewise(in));
        Integer status = null;
        for (List<byte[]> pieces : feeds) {
            HeadScanner scanner = new HeadScanner(LIMITS.maxHeadSize(), true, LIMITS.maxUriLength() + 64, 431, "request head");
            int s;
            try {
                byte[] rest = Feeder.feed(pieces, scanner::scan);
                if (rest == null) {
                    fail("the head never ended: " + input);
                }
                new HeadParser(LIMITS).parse(scanner.array(), scanner.length());
                fail("accepted: " + input.replace("\r", "\\r").replace("\n", "\\n"));
                return -1;
            } catch (HttpException e) {
                s = e.status();
            }
            if (status == null) {
                status = s;
            } else {
                assertEquals(status.intValue(), s, "same refusal whatever the split");
            }
        }
        return status;
    }

    /** RFC 9110 §2.5: a higher 1.x minor version is processed as 1.1 (Host required, keep-alive). */
    @ParameterizedTest(name = "HTTP/1.{0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {2, 5, 9})
    void higherMinorVersionIsReadAsHttp11(int minor) throws Exception {
        RequestHead h = parseAllSplits("POST /up HTTP/1." + minor + "\r\nHost: h\r\nContent-Length: 3\r\n\r\n", "");
        assertEquals(1, h.minorVersion());
        assertTrue(h.keepAlive());
        assertEquals(3, h.contentLength());
        assertEquals(400, refusalAllSplits("POST /up HTTP/1." + minor + "\r\nContent-Length: 3\r\n\r\n"),
                "Host is required as in 1.1");
    }

    @Test
    void simpleGet() throws Exception {
        RequestHead h = parseAllSplits("GET /a/b?x=1&y HTTP/1.1\r\nHost: example.com\r\n\r\n", "");
        assertEquals("GET", h.method());
        assertEquals("/a/b?x=1&y", h.target());
        assertEquals("/a/b", h.path());
        assertEquals("x=1&y", h.query());
        assertEquals(1, h.minorVersion());
        assertEquals(0, h.contentLength());
        assertTrue(h.keepAlive());
        assertEquals("example.com", h.headers().get("HOST"));
    }

    @Test
    void bodyBytesAfterTheHeadAreLeftInPlace() throws Exception {
        RequestHead h = parseAllSplits("POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhelloGET", "helloGET");
        assertEquals(5, h.contentLength());
        assertFalse(h.chunked());
    }

    @Test
    void leadingEmptyLinesAreSkipped() throws Exception {
        RequestHead h = parseAllSplits("\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n", "");
        assertEquals("/", h.path());
    }

    @Test
    void valuesAreTrimmedAndKeepObsText() throws Exception {
        RequestHead h = parseAllSplits("GET / HTTP/1.1\r\nHost: h\r\nX-A: \t  caf\u00e9 au lait \t \r\nX-Empty:\r\n\r\n", "");
        assertEquals("caf\u00e9 au lait", h.headers().get("x-a"));
        assertEquals("", h.headers().get("X-Empty"));
        assertEquals(3, h.headers().size());
    }

    @Test
    void chunkedAndExpectContinue() throws Exception {
        RequestHead h = parseAllSplits("PUT /f HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nExpect: 100-Continue\r\n\r\n5\r\n",
                "5\r\n");
        assertTrue(h.chunked());
        assertTrue(h.expectContinue());
    }

    @Test
    void http10KeepAliveRules() throws Exception {
        assertFalse(parseAllSplits("GET / HTTP/1.0\r\n\r\n", "").keepAlive());
        assertTrue(parseAllSplits("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", "").keepAlive());
        assertFalse(parseAllSplits("GET / HTTP/1.1\r\nHost: h\r\nConnection: foo, close\r\n\r\n", "").keepAlive());
        assertFalse(parseAllSplits("POST / HTTP/1.0\r\nContent-Length: 1\r\nExpect: 100-continue\r\n\r\n", "")
                .expectContinue(), "HTTP/1.0 clients get no 100 Continue");
    }

    @Test
    void absoluteFormAndAsterisk() throws Exception {
        RequestHead h = parseAllSplits("GET http://example.com:8080/p/q?z HTTP/1.1\r\nHost: example.com:8080\r\n\r\n", "");
        assertEquals("/p/q", h.path());
        assertEquals("z", h.query());
        assertEquals("*", parseAllSplits("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n", "").path());
        assertNull(parseAllSplits("GET http://h HTTP/1.1\r\nHost: h\r\n\r\n", "").query());
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> refusals() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of(400, "bare LF ends the request line", "GET / HTTP/1.1\nHost: h\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "bare LF ends a field line", "GET / HTTP/1.1\r\nHost: h\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "bare CR inside a value", "GET / HTTP/1.1\r\nHost: h\rx\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "bare LF before the request line", "\nGET / HTTP/1.1\r\nHost: h\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "obs-fold", "GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n  2\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "space before the colon", "GET / HTTP/1.1\r\nHost : h\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "tab before the colon", "GET / HTTP/1.1\r\nHost\t: h\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "invalid char in a field name", "GET / HTTP/1.1\r\nHo(st: h\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "empty field name", "GET / HTTP/1.1\r\n: h\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "no colon", "GET / HTTP/1.1\r\nHost h\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "NUL in a value", "GET / HTTP/1.1\r\nHost: h\u0000\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "DEL in a value", "GET / HTTP/1.1\r\nHost: h\u007f\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "invalid method char", "G@T / HTTP/1.1\r\nHost: h\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "two spaces", "GET  / HTTP/1.1\r\nHost: h\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "tab separator", "GET\t/ HTTP/1.1\r\nHost: h\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "trailing space after version", "GET / HTTP/1.1 \r\nHost: h\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "lower-case http", "GET / http/1.1\r\nHost: h\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "HTTP/0.9 style", "GET /\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "non-ASCII target", "GET /caf\u00e9 HTTP/1.1\r\nHost: h\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "fragment", "GET /a#b HTTP/1.1\r\nHost: h\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "relative target", "GET a/b HTTP/1.1\r\nHost: h\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "asterisk with GET", "GET * HTTP/1.1\r\nHost: h\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "missing Host", "GET / HTTP/1.1\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "invalid Host", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "two Content-Lengths", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "Content-Length list", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5, 5\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "signed Content-Length", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +5\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "hex Content-Length", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0x5\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "empty Content-Length", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length:\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "CL and TE", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "TE in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "chunked not last", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "chunked twice", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "empty coding", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: , chunked\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(400, "coding with junk", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked;x=1\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(501, "gzip then chunked", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(501, "unknown coding", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: identity\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(501, "CONNECT", "CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(505, "HTTP/2.0", "GET / HTTP/2.0\r\nHost: h\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(505, "HTTP/0.9 with a version", "GET / HTTP/0.9\r\nHost: h\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(505, "HTTP/3.1", "GET / HTTP/3.1\r\nHost: h\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(417, "unknown expectation", "POST / HTTP/1.1\r\nHost: h\r\nExpect: 200-ok\r\nContent-Length: 1\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(413, "Content-Length above the limit", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1001\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(413, "Content-Length beyond a long", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of(431, "too many fields", "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 1\r\nC: 1\r\nD: 1\r\nE: 1\r\nF: 1\r\nG: 1\r\nH: 1\r\n\r\n")
        );
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusals")
    void refused(int status, String why, String input) throws Exception {
        assertEquals(status, refusalAllSplits(input), why);
    }

    @Test
    void longTargetIs414BeforeTheHeadEnds() throws Exception {
        String target = "/" + "a".repeat(200);
        assertEquals(414, refusalAllSplits("GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n"));
        // Without the end of the line: refused as soon as the line is too long, not at the limit.
        HeadScanner s = new HeadScanner(1024, true, 164, 431, "request head");
        HttpException e = assertThrows(HttpException.class,
                () -> s.scan(java.nio.ByteBuffer.wrap(bytes("GET " + target))));
        assertEquals(414, e.status());
    }

    @Test
    void targetJustOverTheLimitIs414() throws Exception {
        assertEquals(414, refusalAllSplits("GET /" + "b".repeat(100) + " HTTP/1.1\r\nHost: h\r\n\r\n"));
        parseAllSplits("GET /" + "b".repeat(99) + " HTTP/1.1\r\nHost: h\r\n\r\n", "");
    }

    @Test
    void headAboveTheLimitIs431() throws Exception {
        String big = "GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + "v".repeat(1100) + "\r\n\r\n";
        assertEquals(431, refusalAllSplits(big));
        // Exactly at the limit is accepted (limits are inclusive).
        String head = "GET / HTTP/1.1\r\nHost: h\r\nX: ";
        String exact = head + "v".repeat(1024 - head.length() - 4) + "\r\n\r\n";
        assertEquals(1024, exact.length());
        parseAllSplits(exact, "");
    }

    @Test
    void endlessEmptyLinesAreBounded() {
        HeadScanner s = new HeadScanner(64, true, 64, 431, "request head");
        HttpException e = assertThrows(HttpException.class,
                () -> s.scan(java.nio.ByteBuffer.wrap(bytes("\r\n".repeat(40)))));
        assertEquals(431, e.status());
    }

    @Test
    void scannerIsReusableAfterReset() throws Exception {
        HeadScanner s = new HeadScanner(1024, true, 164, 431, "request head");
        byte[] two = bytes("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n");
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(two);
        HeadParser p = new HeadParser(LIMITS);
        assertTrue(s.scan(in));
        assertEquals("/1", p.parse(s.array(), s.length()).path());
        s.reset();
        assertTrue(s.scan(in));
        assertEquals("/2", p.parse(s.array(), s.length()).path());
        assertFalse(in.hasRemaining());
    }
}
