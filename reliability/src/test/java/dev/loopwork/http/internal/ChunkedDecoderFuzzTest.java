package dev.loopwork.http.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.loopwork.http.HttpException;
import dev.loopwork.http.HttpLimits;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes {@link ChunkedDecoder}, two ways on every input:
 * <ol>
 *   <li>the input as a chunked body on the wire, whole, byte by byte, and in random pieces to a
 *       receiver that takes only a few bytes at a time and stops (backpressure): the same decision,
 *       the same body and the same bytes after it, whatever the split;</li>
 *   <li>the input as the payload of a valid chunked body (random chunk sizes, extensions, trailers):
 *       decoding must give back exactly the payload and stop right after the body.</li>
 * </ol>
 * Any exception other than {@link HttpException} (with a documented status) is a finding.
 */
class ChunkedDecoderFuzzTest {

    static final HttpLimits LIMITS = HttpLimits.builder().maxBodySize(1 << 20).maxTrailerSize(512)
            .maxChunkExtensions(256).maxHeaderCount(16).build();
    private static final Set<Integer> STATUSES = Set.of(400, 413, 431);

    @FuzzTest(maxDuration = "2m")
    void fuzzChunked(byte[] input) throws Exception {
        String whole = outcome(Pieces.whole(input), Integer.MAX_VALUE);
        assertEquals(whole, outcome(Pieces.random(input, 32), 7), () -> "another split: " + Pieces.show(input));
        if (input.length <= 4096) {
            assertEquals(whole, outcome(Pieces.bytewise(input), Integer.MAX_VALUE),
                    () -> "byte by byte: " + Pieces.show(input));
        }
        roundTrip(input);
    }

    /** The decision for {@code pieces}, the receiver taking at most {@code take} bytes per call. */
    static String outcome(List<byte[]> pieces, int take) throws Exception {
        ChunkedDecoder d = new ChunkedDecoder(LIMITS);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BodySink sink = data -> {
            int n = Math.min(take, data.remaining());
            byte[] b = new byte[n];
            data.get(b);
            body.write(b, 0, n);
            return !data.hasRemaining();
        };
        try {
            byte[] rest = Pieces.feed(pieces, view -> {
                while (true) {
                    BodyDecoder.Status s = d.decode(view, sink);
                    if (s == BodyDecoder.Status.DONE) {
                        return true;
                    }
                    if (s == BodyDecoder.Status.NEED_INPUT) {
                        assertTrue(!view.hasRemaining(), "NEED_INPUT with input left");
                        return false;
                    }
                }
            });
            assertEquals(body.size(), d.bodyBytes(), "bodyBytes()");
            if (rest == null) {
                return "incomplete after " + body.size();
            }
            return "done body " + body.size() + ' ' + Pieces.sha256(body.toByteArray()) + " trailers " + d.trailers()
                    + " rest " + Pieces.show(rest);
        } catch (HttpException e) {
            assertTrue(STATUSES.contains(e.status()), () -> "undocumented status " + e.status() + ": " + e);
            return "refused " + e.status();
        }
    }

    /** A valid chunked encoding of {@code payload} decodes to exactly {@code payload}. */
    static void roundTrip(byte[] payload) throws Exception {
        Random r = new Random(Arrays.hashCode(payload));
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int p = 0;
        while (p < payload.length) {
            int n = Math.min(payload.length - p, 1 + r.nextInt(1 + r.nextInt(300)));
            String size = Integer.toHexString(n);
            if (r.nextInt(4) == 0) {
                size = size.toUpperCase(java.util.Locale.ROOT);
            }
            if (r.nextInt(5) == 0) {
                size = "00" + size;
            }
            wire.writeBytes(size.getBytes(StandardCharsets.ISO_8859_1));
            if (r.nextInt(5) == 0) {
                wire.writeBytes(";name=\"v\"".getBytes(StandardCharsets.ISO_8859_1));
            }
            wire.writeBytes(new byte[] {'\r', '\n'});
            wire.write(payload, p, n);
            wire.writeBytes(new byte[] {'\r', '\n'});
            p += n;
        }
        wire.writeBytes("0\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (r.nextBoolean()) {
            wire.writeBytes("X-Checksum: abc\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        wire.writeBytes("\r\nNEXT".getBytes(StandardCharsets.ISO_8859_1));
        byte[] w = wire.toByteArray();
        String expected = "done body " + payload.length + ' ' + Pieces.sha256(payload);
        for (List<byte[]> pieces : List.of(Pieces.whole(w), Pieces.random(w, 17))) {
            String got = outcome(pieces, 1 + r.nextInt(64));
            assertTrue(got.startsWith(expected + " trailers ") && got.endsWith(" rest NEXT"),
                    () -> "round trip of " + payload.length + " bytes: " + got + " for " + Pieces.show(w));
        }
    }
}
