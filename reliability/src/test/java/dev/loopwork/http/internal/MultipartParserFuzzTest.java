package dev.loopwork.http.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.loopwork.http.BodyConsumer;
import dev.loopwork.http.BodyControl;
import dev.loopwork.http.HttpException;
import dev.loopwork.http.HttpLimits;
import dev.loopwork.http.Part;
import dev.loopwork.http.PartHandler;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes {@link MultipartParser}, two ways on every input:
 * <ol>
 *   <li>the input as a {@code multipart/form-data} body with boundary {@value #BOUNDARY}, whole, byte
 *       by byte, and in random pieces to part consumers that take a few bytes and pause
 *       (backpressure): the same parts, contents and decision whatever the split; a consumer that
 *       did not pause always sees every byte consumed;</li>
 *   <li>the input as the content of a part in a valid body (cut in up to three parts, with a
 *       preamble and an epilogue): parsing must give back exactly those contents.</li>
 * </ol>
 * Any exception other than {@link HttpException} (400 or 413) is a finding.
 */
class MultipartParserFuzzTest {

    static final String BOUNDARY = "xB";
    static final HttpLimits LIMITS = HttpLimits.builder().maxParts(8).maxPartHeaderSize(256).maxHeaderCount(8)
            .build();
    private static final Set<Integer> STATUSES = Set.of(400, 413);

    @FuzzTest(maxDuration = "2m")
    void fuzzMultipart(byte[] input) throws Exception {
        String whole = outcome(Pieces.whole(input), Integer.MAX_VALUE);
        assertEquals(whole, outcome(Pieces.random(input, 16), 5), () -> "another split: " + Pieces.show(input));
        if (input.length <= 4096) {
            assertEquals(whole, outcome(Pieces.bytewise(input), 3), () -> "byte by byte: " + Pieces.show(input));
        }
        roundTrip(input);
    }

    /** Flow control as the server gives it to a body consumer. */
    static final class Control implements BodyControl {
        boolean paused;
        long received;

        @Override
        public void pause() {
            paused = true;
        }

        @Override
        public void resume() {
            paused = false;
        }

        @Override
        public boolean isPaused() {
            return paused;
        }

        @Override
        public long bytesReceived() {
            return received;
        }

        @Override
        public long contentLength() {
            return -1;
        }
    }

    /** The parts and the decision for {@code pieces}; part consumers take at most {@code take} bytes, then pause. */
    static String outcome(List<byte[]> pieces, int take) throws Exception {
        List<String> parts = new ArrayList<>();
        List<ByteArrayOutputStream> contents = new ArrayList<>();
        boolean[] completed = {false};
        PartHandler handler = new PartHandler() {
            @Override
            public BodyConsumer onPart(Part part) {
                ByteArrayOutputStream content = new ByteArrayOutputStream();
                contents.add(content);
                parts.add(part.index() + ":" + part.name() + ':' + part.filename() + ':' + part.contentType());
                return new BodyConsumer() {
                    @Override
                    public void onChunk(ByteBuffer chunk, BodyControl control) {
                        int n = Math.min(take, chunk.remaining());
                        byte[] b = new byte[n];
                        chunk.get(b);
                        content.write(b, 0, n);
                        if (chunk.hasRemaining()) {
                            control.pause();
                        }
                    }

                    @Override
                    public void onComplete() {
                    }
                };
            }

            @Override
            public void onComplete() {
                completed[0] = true;
            }
        };
        MultipartParser parser = new MultipartParser(BOUNDARY, LIMITS, handler);
        Control control = new Control();
        try {
            byte[] rest = Pieces.feed(pieces, view -> {
                while (true) {
                    parser.onChunk(view, control);
                    if (!control.paused) {
                        assertFalse(view.hasRemaining(), "the parser returned unpaused with input left");
                        return false;
                    }
                    control.resume();
                }
            });
            assertEquals(null, rest, "the feeder never reports done");
            parser.onComplete();
            assertTrue(completed[0], "onComplete reached the part handler");
            return "complete " + describe(parts, contents);
        } catch (HttpException e) {
            assertTrue(STATUSES.contains(e.status()), () -> "undocumented status " + e.status() + ": " + e);
            parser.onError(e);
            return "refused " + e.status();
        }
    }

    private static String describe(List<String> parts, List<ByteArrayOutputStream> contents) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            byte[] c = contents.get(i).toByteArray();
            sb.append('[').append(parts.get(i)).append(' ').append(c.length).append(' ').append(Pieces.sha256(c))
                    .append(']');
        }
        return sb.toString();
    }

    /** {@code payload} cut into up to three parts of a valid body comes back exactly. */
    static void roundTrip(byte[] payload) throws Exception {
        byte[] delimiter = ("\r\n--" + BOUNDARY).getBytes(StandardCharsets.ISO_8859_1);
        Random r = new Random(Arrays.hashCode(payload));
        int a = payload.length == 0 ? 0 : r.nextInt(payload.length + 1);
        int b = a + (payload.length - a == 0 ? 0 : r.nextInt(payload.length - a + 1));
        List<byte[]> contents = List.of(Arrays.copyOfRange(payload, 0, a), Arrays.copyOfRange(payload, a, b),
                Arrays.copyOfRange(payload, b, payload.length));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("preamble\r\n".getBytes(StandardCharsets.ISO_8859_1));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < contents.size(); i++) {
            if (indexOf(contents.get(i), delimiter) >= 0 || endsWithPrefix(contents.get(i), delimiter)) {
                return; // the content itself would end the part: not a valid body for this payload
            }
            body.writeBytes(("--" + BOUNDARY + (r.nextBoolean() ? " \t" : "") + "\r\nContent-Disposition: form-data; name=\"f"
                    + i + "\"" + (i == 1 ? "; filename=\"a.bin\"" : "") + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            body.writeBytes(contents.get(i));
            body.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            names.add(i + ":f" + i + ':' + (i == 1 ? "a.bin" : "null") + ":text/plain");
        }
        body.writeBytes(("--" + BOUNDARY + "--\r\nepilogue").getBytes(StandardCharsets.ISO_8859_1));
        byte[] w = body.toByteArray();
        List<ByteArrayOutputStream> expected = new ArrayList<>();
        for (byte[] c : contents) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            o.writeBytes(c);
            expected.add(o);
        }
        String want = "complete " + describe(names, expected);
        for (List<byte[]> pieces : List.of(Pieces.whole(w), Pieces.random(w, 7))) {
            String got = outcome(pieces, 1 + r.nextInt(32));
            assertEquals(want, got, () -> "round trip of " + payload.length + " bytes in " + Pieces.show(w));
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * Whether the content ends with bytes that, followed by the CRLF "--" boundary the body adds,
     * would make the delimiter appear earlier (e.g. a content ending in CR LF - -).
     */
    private static boolean endsWithPrefix(byte[] content, byte[] delimiter) {
        byte[] joined = new byte[content.length + delimiter.length];
        System.arraycopy(content, 0, joined, 0, content.length);
        System.arraycopy(delimiter, 0, joined, content.length, delimiter.length);
        int first = indexOf(joined, delimiter);
        return first >= 0 && first < content.length;
    }
}
