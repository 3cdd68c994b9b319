package dev.loopwork.http.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.loopwork.http.HttpException;
import dev.loopwork.http.HttpLimits;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the request-head path of the HTTP server: {@link HeadScanner} (finding the end of the
 * head in input of any split) and {@link HeadParser} (syntax, framing, smuggling checks).
 *
 * <h2>What is a finding</h2>
 * Any exception other than {@link HttpException} (an index out of bounds, an illegal state...); an
 * {@code HttpException} whose status the parser does not document; a different decision (head,
 * bytes after it, or status) for the same bytes split differently.
 *
 * <p>The regression corpus is {@code src/test/resources/dev/loopwork/http/internal/
 * HeadParserFuzzTestInputs/fuzzHead/}: it runs in every {@code mvn verify}; {@code -Pfuzz} fuzzes.
 */
class HeadParserFuzzTest {

    static final HttpLimits LIMITS = HttpLimits.builder().maxHeadSize(2048).maxUriLength(256).maxHeaderCount(16)
            .maxBodySize(1 << 20).build();
    private static final Set<Integer> STATUSES = Set.of(400, 413, 414, 417, 431, 501, 505);

    @FuzzTest(maxDuration = "2m")
    void fuzzHead(byte[] input) throws Exception {
        String whole = outcome(Pieces.whole(input));
        String random = outcome(Pieces.random(input, 64));
        assertEquals(whole, random, () -> "same head, different decision for another split: " + Pieces.show(input));
        if (input.length <= 4096) {
            String bytewise = outcome(Pieces.bytewise(input));
            assertEquals(whole, bytewise, () -> "same head, different decision byte by byte: " + Pieces.show(input));
        }
    }

    /** What the server decides for {@code pieces}: a head and what follows it, a refusal, or "incomplete". */
    static String outcome(List<byte[]> pieces) throws Exception {
        HeadScanner scanner = new HeadScanner(LIMITS.maxHeadSize(), true, LIMITS.maxUriLength() + 64, 431,
                "request head");
        try {
            byte[] rest = Pieces.feed(pieces, scanner::scan);
            if (rest == null) {
                return "incomplete";
            }
            RequestHead head = new HeadParser(LIMITS).parse(scanner.array(), scanner.length());
            assertTrue(head.contentLength() >= -1 && head.contentLength() <= LIMITS.maxBodySize(), head::toString);
            return "head " + head + " rest " + Pieces.show(rest);
        } catch (HttpException e) {
            assertTrue(STATUSES.contains(e.status()), () -> "undocumented status " + e.status() + ": " + e);
            return "refused " + e.status();
        }
    }
}
