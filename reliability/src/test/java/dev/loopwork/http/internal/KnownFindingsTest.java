package dev.loopwork.http.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Fuzzer findings that were bugs in the {@code http} module, now fixed; each test keeps its input
 * failing the old behaviour: the refusal of a head must not depend on how its bytes are split,
 * and an empty request target is a 400, not a 500.
 */
class KnownFindingsTest {

    private static byte[] input(String name) throws IOException {
        try (InputStream in = KnownFindingsTest.class.getResourceAsStream("findings/" + name)) {
            assertNotNull(in, "findings/" + name);
            return in.readAllBytes();
        }
    }

    /**
     * HeadScanner: the refusal status of an over-long request line that also holds a bare CR
     * depends on how the bytes are split. Whole (one read of up to 512 bytes), the bare CR is seen
     * first: 400. Byte by byte, the request-line length check (made between reads, after each step
     * of {@code HeadScanner.scan}) fires first: 414. The scanner's contract (and the http module's
     * own HeadParsingTest) says the decision must not depend on the split.
     */
    @ParameterizedTest
    @ValueSource(strings = {"head-split-414-vs-400-minimal", "head-split-414-vs-400-fuzzer"})
    void headRefusalDoesNotDependOnTheSplit(String name) throws Exception {
        byte[] in = input(name);
        String whole = HeadParserFuzzTest.outcome(Pieces.whole(in));
        assertEquals(whole, HeadParserFuzzTest.outcome(Pieces.bytewise(in)), "byte by byte");
        assertEquals(whole, HeadParserFuzzTest.outcome(Pieces.random(in, 64)), "random pieces");
    }

    /**
     * HeadScanner: a request line of exactly the longest length allowed ({@code maxUriLength + 64}
     * bytes, here 320) is accepted when its CR LF arrives in the same read as the byte before it,
     * and refused 414 when a read ends right after that byte or after the CR. Between reads
     * {@code HeadScanner.scan} checks {@code filled > maxRequestLine}, and {@code filled} then
     * counts the line's CR. When the line end is seen, {@code examine()} compares the length
     * without CRLF ({@code requestLineEnd - 2}). The minimal input is a 54-character method, a
     * 256-byte target and {@code HTTP/1.1}: whole, it is parsed; cut after the CR, it gets 414.
     * The fuzzer's input is a head that never ends: "incomplete" whole, 414 byte by byte.
     */
    @ParameterizedTest
    @ValueSource(strings = {"head-line-at-limit-414-by-split-minimal", "head-line-at-limit-414-by-split-fuzzer"})
    void requestLineAtTheLimitDoesNotDependOnTheSplit(String name) throws Exception {
        byte[] in = input(name);
        String whole = HeadParserFuzzTest.outcome(Pieces.whole(in));
        int cr = 0;
        while (in[cr] != '\r') {
            cr++;
        }
        assertEquals(whole, HeadParserFuzzTest.outcome(java.util.List.of(java.util.Arrays.copyOfRange(in, 0, cr + 1),
                java.util.Arrays.copyOfRange(in, cr + 1, in.length))), "cut after the CR of the request line");
        assertEquals(whole, HeadParserFuzzTest.outcome(Pieces.bytewise(in)), "byte by byte");
    }

    /**
     * HeadParser: an empty request target ({@code "GET  HTTP/1.1"}, two spaces) is not refused by
     * the request-line check. That check only looks at the byte after the target, and the message
     * it would give ("empty request target or extra space") shows the case was meant to be a 400.
     * {@code decide()} then calls {@code target.charAt(0)} on the empty string and throws
     * {@code StringIndexOutOfBoundsException}. Over the wire the server logs a WARN with that stack
     * trace and answers 500 instead of 400.
     */
    @ParameterizedTest
    @ValueSource(strings = {"head-empty-target-500-minimal", "head-empty-target-500-fuzzer"})
    void emptyRequestTargetIsRefused400(String name) throws Exception {
        byte[] in = input(name);
        HeadScanner scanner = new HeadScanner(HeadParserFuzzTest.LIMITS.maxHeadSize(), true,
                HeadParserFuzzTest.LIMITS.maxUriLength() + 64, 431, "request head");
        Pieces.feed(Pieces.whole(in), scanner::scan);
        dev.loopwork.http.HttpException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.loopwork.http.HttpException.class,
                () -> new HeadParser(HeadParserFuzzTest.LIMITS).parse(scanner.array(), scanner.length()));
        assertEquals(400, e.status(), e.toString());
    }
}
