package dev.loopwork.http.internal;

import dev.loopwork.http.HttpException;
import dev.loopwork.http.HttpLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static dev.loopwork.http.internal.Feeder.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link ChunkedDecoder} at every split point and one byte at a time, with a sink that takes all
 * and one that takes a few bytes then stops (pauses): same data, same trailers, same leftover.
 */
class ChunkedDecoderTest {

    private static final HttpLimits LIMITS = HttpLimits.builder().maxBodySize(100_000).maxTrailerSize(64)
            .maxChunkExtensions(40).maxHeaderCount(4).build();

    /** What one run decoded. */
    private record Run(byte[] data, byte[] rest, String trailers) {
    }

    /** A sink that takes at most {@code max} bytes per call and stops after each call if {@code stops}. */
    private static final class Sink implements BodySink {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int max;
        final boolean stops;

        Sink(int max, boolean stops) {
            this.max = max;
            this.stops = stops;
        }

        @Override
        public boolean accept(ByteBuffer data) {
            int n = Math.min(max, data.remaining());
            for (int i = 0; i < n; i++) {
                out.write(data.get());
            }
            return !stops;
        }
    }

    private static Run decode(List<byte[]> pieces, Sink sink) throws Exception {
        ChunkedDecoder d = new ChunkedDecoder(LIMITS);
        byte[] rest = Feeder.feed(pieces, view -> {
            for (int guard = 0; guard < 1_000_000; guard++) {
                BodyDecoder.Status s = d.decode(view, sink);
                if (s == BodyDecoder.Status.DONE) {
                    return true;
                }
                if (s == BodyDecoder.Status.NEED_INPUT) {
                    return false;
                }
                // STOPPED: the consumer "resumes" at once
            }
            throw new AssertionError("decoder made no progress");
        });
        return new Run(sink.out.toByteArray(), rest, d.trailers().toString());
    }

    private static List<List<byte[]>> allFeeds(byte[] in) {
        List<List<byte[]>> feeds = new ArrayList<>();
        for (int k = 0; k <= in.length; k++) {
            feeds.add(Feeder.split(in, k));
        }
        feeds.add(Feeder.bytewise(in));
        feeds.add(Feeder.random(in, 7, 9));
        return feeds;
    }

    private static void check(String wire, byte[] data, String rest, String trailers) throws Exception {
        byte[] in = bytes(wire);
        for (List<byte[]> pieces : allFeeds(in)) {
            for (Sink sink : new Sink[] {new Sink(Integer.MAX_VALUE, false), new Sink(3, true), new Sink(1, false)}) {
                if (sink.max == 1 && !sink.stops) {
                    continue; // a sink that leaves bytes must stop: covered by (3, true)
                }
                Run r = decode(pieces, sink);
                assertNotNull(r.rest(), "body end not found in " + pieces.size() + " pieces");
                assertArrayEquals(data, r.data(), "decoded data (" + pieces.size() + " pieces)");
                assertEquals(rest, Feeder.show(r.rest()), "bytes after the body");
                assertEquals(trailers, r.trailers());
            }
        }
    }

    @Test
    void simpleBodyLeavesTheNextRequest() throws Exception {
        check("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\nGET /", bytes("hello world"), "GET /", "{}");
    }

    @Test
    void extensionsUpperCaseHexAndLeadingZeros() throws Exception {
        check("00A;name=value;q=\"x y\"\r\n0123456789\r\n01 ;ext\r\nZ\r\n000\r\n\r\n", bytes("0123456789Z"), "", "{}");
        check("1;q=\"a \\\" ; b\";z\r\nZ\r\n0\r\n\r\n", bytes("Z"), "", "{}"); // escaped quote inside quotes
    }

    @Test
    void trailers() throws Exception {
        check("3\r\nabc\r\n0\r\nX-Sum: 42\r\nX-B:  v \r\n\r\nnext", bytes("abc"), "next", "{X-Sum: 42, X-B: v}");
    }

    @Test
    void emptyBody() throws Exception {
        check("0\r\n\r\n", new byte[0], "", "{}");
    }

    @Test
    void manyRandomChunksOfBinaryData() throws Exception {
        Random r = new Random(42);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int i = 0; i < 40; i++) {
            byte[] chunk = new byte[1 + r.nextInt(40)];
            r.nextBytes(chunk);
            wire.writeBytes(bytes(Integer.toHexString(chunk.length) + "\r\n"));
            wire.writeBytes(chunk);
            wire.writeBytes(bytes("\r\n"));
            data.writeBytes(chunk);
        }
        wire.writeBytes(bytes("0\r\n\r\n"));
        byte[] in = wire.toByteArray();
        for (long seed = 0; seed < 50; seed++) {
            Run run = decode(Feeder.random(in, seed, 64), new Sink(Integer.MAX_VALUE, false));
            assertArrayEquals(data.toByteArray(), run.data());
        }
        Run bytewise = decode(Feeder.bytewise(in), new Sink(5, true));
        assertArrayEquals(data.toByteArray(), bytewise.data());
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(400, "no size", "\r\nabc\r\n0\r\n\r\n"),
                Arguments.of(400, "negative size", "-1\r\nabc\r\n0\r\n\r\n"),
                Arguments.of(400, "0x prefix", "0x3\r\nabc\r\n0\r\n\r\n"),
                Arguments.of(400, "plus sign", "+3\r\nabc\r\n0\r\n\r\n"),
                Arguments.of(400, "leading space", " 3\r\nabc\r\n0\r\n\r\n"),
                Arguments.of(400, "space before CRLF", "3 \r\nabc\r\n0\r\n\r\n"),
                Arguments.of(400, "non-hex digit", "3g\r\nabc\r\n0\r\n\r\n"),
                Arguments.of(400, "bare LF after size", "3\nabc\r\n0\r\n\r\n"),
                Arguments.of(400, "bare CR after size", "3\rabc\r\n0\r\n\r\n"),
                Arguments.of(400, "data longer than size", "3\r\nabcd\r\n0\r\n\r\n"),
                Arguments.of(400, "bare LF after data", "3\r\nabc\n0\r\n\r\n"),
                Arguments.of(400, "size overflow", "10000000000000000\r\nx\r\n0\r\n\r\n"),
                Arguments.of(400, "too many digits", "0".repeat(40) + "1\r\nx\r\n0\r\n\r\n"),
                Arguments.of(400, "LF in an extension", "3;a\nb\r\nabc\r\n0\r\n\r\n"),
                Arguments.of(400, "CRLF inside a quoted extension", "2;a=\"\r\nXX\r\n\"\r\nYY\r\n0\r\n\r\n"),
                Arguments.of(400, "escaped quote keeps it open", "2;a=\"x\\\"\r\nYY\r\n0\r\n\r\n"),
                Arguments.of(400, "digits after whitespace", "5 0\r\nhello\r\n0\r\n\r\n"),
                Arguments.of(400, "junk after the digits", "1zz\r\nZ\r\n0\r\n\r\n"),
                Arguments.of(400, "control in an extension", "3;a\u0001\r\nabc\r\n0\r\n\r\n"),
                Arguments.of(400, "extensions too long in total", "1;" + "e".repeat(20) + "\r\nx\r\n1;"
                        + "e".repeat(20) + "\r\nx\r\n0\r\n\r\n"),
                Arguments.of(400, "bare LF in trailers", "0\r\nX: 1\n\r\n"),
                Arguments.of(400, "obs-fold in trailers", "0\r\nX: 1\r\n 2\r\n\r\n"),
                Arguments.of(400, "space before colon in trailers", "0\r\nX : 1\r\n\r\n"),
                Arguments.of(431, "trailers too large", "0\r\nX: " + "v".repeat(70) + "\r\n\r\n"),
                Arguments.of(431, "too many trailers", "0\r\nA: 1\r\nB: 1\r\nC: 1\r\nD: 1\r\nE: 1\r\n\r\n"),
                Arguments.of(413, "body above the limit", "186A1\r\nx"), // 100001 bytes announced
                Arguments.of(413, "size beyond a long", "7fffffffffffffff\r\n"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusals")
    void refused(int status, String why, String wire) throws Exception {
        byte[] in = bytes(wire);
        for (List<byte[]> pieces : allFeeds(in)) {
            try {
                Run r = decode(pieces, new Sink(Integer.MAX_VALUE, false));
                fail(why + ": accepted, data=" + Feeder.show(r.data()) + ", rest=" + Feeder.show(r.rest()));
            } catch (HttpException e) {
                assertEquals(status, e.status(), why + " (" + pieces.size() + " pieces): " + e.getMessage());
            }
        }
    }

    @Test
    void bodyAtTheLimitIsAccepted() throws Exception {
        byte[] data = new byte[100_000];
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(bytes(Integer.toHexString(data.length) + "\r\n"));
        wire.writeBytes(data);
        wire.writeBytes(bytes("\r\n0\r\n\r\n"));
        Run r = decode(List.of(wire.toByteArray()), new Sink(Integer.MAX_VALUE, false));
        assertEquals(100_000, r.data().length);
    }
}
