package dev.loopwork.http.internal;

import dev.loopwork.http.BodyConsumer;
import dev.loopwork.http.BodyControl;
import dev.loopwork.http.HttpException;
import dev.loopwork.http.HttpLimits;
import dev.loopwork.http.Part;
import dev.loopwork.http.PartHandler;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.loopwork.http.internal.Feeder.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MultipartParser} fed at every split point, one byte at a time and at random splits, with
 * part contents full of near-delimiters, and with a consumer that pauses after a few bytes: the
 * parts (heads and bytes) must come out the same every time.
 */
class MultipartParserTest {

    private static final String BOUNDARY = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
    private static final HttpLimits LIMITS = HttpLimits.builder().maxParts(5).maxPartHeaderSize(200).build();

    /** A control the harness resumes at once after each stop. */
    private static final class Control implements BodyControl {
        boolean paused;

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
            return 0;
        }

        @Override
        public long contentLength() {
            return -1;
        }
    }

    /** Records parts; its consumers take at most {@code max} bytes per call and then pause if they left some. */
    private static final class Recorder implements PartHandler {
        final List<String> heads = new ArrayList<>();
        final List<ByteArrayOutputStream> contents = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        final int max;
        boolean complete;
        Throwable error;

        Recorder(int max) {
            this.max = max;
        }

        @Override
        public BodyConsumer onPart(Part part) {
            heads.add(part.name() + "|" + part.filename() + "|" + part.contentType());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            contents.add(out);
            events.add("start " + part.index());
            return new BodyConsumer() {
                @Override
                public void onChunk(ByteBuffer chunk, BodyControl control) {
                    int n = Math.min(max, chunk.remaining());
                    for (int i = 0; i < n; i++) {
                        out.write(chunk.get());
                    }
                    if (chunk.hasRemaining()) {
                        control.pause();
                    }
                }

                @Override
                public void onComplete() {
                    events.add("end " + part.index());
                }

                @Override
                public void onError(Throwable cause) {
                    events.add("error " + part.index());
                }
            };
        }

        @Override
        public void onComplete() {
            complete = true;
        }

        @Override
        public void onError(Throwable cause) {
            error = cause;
        }
    }

    private static Recorder parse(List<byte[]> pieces, int max) throws Exception {
        Recorder rec = new Recorder(max);
        MultipartParser parser = new MultipartParser(BOUNDARY, LIMITS, rec);
        Control control = new Control();
        byte[] rest = Feeder.feed(pieces, view -> {
            for (int guard = 0; guard < 1_000_000; guard++) {
                parser.onChunk(view, control);
                if (!control.paused) {
                    assertTrue(!view.hasRemaining(), "bytes left without a pause");
                    return false;
                }
                control.resume();
            }
            throw new AssertionError("no progress");
        });
        assertNull(rest, "the feeder stops only at the end of the input");
        parser.onComplete();
        return rec;
    }

    private static byte[] body(String preamble, String[][] parts, byte[][] contents, String epilogue) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(bytes(preamble));
        for (int i = 0; i < parts.length; i++) {
            b.writeBytes(bytes((i == 0 && preamble.isEmpty() ? "" : "\r\n") + "--" + BOUNDARY + "\r\n"));
            for (String h : parts[i]) {
                b.writeBytes(h.getBytes(StandardCharsets.UTF_8));
                b.writeBytes(bytes("\r\n"));
            }
            b.writeBytes(bytes("\r\n"));
            b.writeBytes(contents[i]);
        }
        b.writeBytes(bytes("\r\n--" + BOUNDARY + "--" + epilogue));
        return b.toByteArray();
    }

    /** Content that looks like the delimiter in every way except being one. */
    private static byte[] tricky() {
        String d = "\r\n--" + BOUNDARY;
        StringBuilder sb = new StringBuilder();
        sb.append("\r\r\n\n\r\n-\r\n--\r\n--").append(BOUNDARY, 0, 10);
        sb.append(d, 0, d.length() - 1).append('X'); // all but the last byte of the delimiter
        sb.append("--").append(BOUNDARY).append("\r\n"); // the boundary without the leading CRLF
        sb.append("\r\r\n-").append("\r");
        return bytes(sb.toString());
    }

    private static void expectParts(Recorder r, byte[][] contents) {
        assertEquals(contents.length, r.contents.size(), "part count");
        for (int i = 0; i < contents.length; i++) {
            assertArrayEquals(contents[i], r.contents.get(i).toByteArray(), "content of part " + i);
        }
        assertTrue(r.complete, "onComplete");
        assertNull(r.error);
    }

    @Test
    void partsSurviveEverySplitAndPause() throws Exception {
        Random rnd = new Random(3);
        byte[] binary = new byte[300];
        rnd.nextBytes(binary);
        byte[][] contents = {bytes("field value"), tricky(), binary, new byte[0]};
        String[][] heads = {
            {"Content-Disposition: form-data; name=\"note\""},
            {"Content-Disposition: form-data; name=\"a\"; filename=\"a b.txt\"", "Content-Type: text/x-weird"},
            {"content-disposition: form-data; name=bin; filename*=UTF-8''caf%C3%A9.bin; filename=\"cafe.bin\""},
            {"Content-Disposition: form-data; name=\"empty\"; filename=\"\u00e9t\u00e9.txt\""},
        };
        byte[] body = body("this is a preamble\r\n", heads, contents, "\r\nepilogue --" + BOUNDARY + "\r\n");
        List<List<byte[]>> feeds = new ArrayList<>();
        for (int k = 0; k <= body.length; k++) {
            feeds.add(Feeder.split(body, k));
        }
        feeds.add(Feeder.bytewise(body));
        for (long seed = 0; seed < 40; seed++) {
            feeds.add(Feeder.random(body, seed, 97));
        }
        for (List<byte[]> pieces : feeds) {
            for (int max : new int[] {Integer.MAX_VALUE, 7}) {
                Recorder r = parse(pieces, max);
                expectParts(r, contents);
                assertEquals(List.of("note|null|text/plain", "a|a b.txt|text/x-weird", "bin|caf\u00e9.bin|text/plain",
                        "empty|\u00e9t\u00e9.txt|text/plain"), r.heads);
                assertEquals(List.of("start 0", "end 0", "start 1", "end 1", "start 2", "end 2", "start 3", "end 3"),
                        r.events);
            }
        }
    }

    @Test
    void bodyWithoutPreambleAndWithTransportPadding() throws Exception {
        String wire = "--" + BOUNDARY + " \t\r\nContent-Disposition: form-data; name=x\r\n\r\nvalue\r\n--" + BOUNDARY + "--";
        byte[] in = bytes(wire);
        for (int k = 0; k <= in.length; k++) {
            Recorder r = parse(Feeder.split(in, k), Integer.MAX_VALUE);
            expectParts(r, new byte[][] {bytes("value")});
        }
    }

    @Test
    void largeBinaryPartWithBoundaryPrefixesEverywhere() throws Exception {
        Random rnd = new Random(11);
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        String d = "\r\n--" + BOUNDARY;
        for (int i = 0; i < 2000; i++) {
            if (rnd.nextInt(4) == 0) {
                c.writeBytes(bytes(d.substring(0, rnd.nextInt(d.length())))); // a proper prefix
            } else {
                byte[] b = new byte[rnd.nextInt(50)];
                rnd.nextBytes(b);
                c.writeBytes(b);
            }
        }
        byte[] content = c.toByteArray();
        // Random bytes could spell the whole delimiter only with negligible probability; check anyway.
        assertTrue(new String(content, StandardCharsets.ISO_8859_1).indexOf(d) < 0);
        byte[] body = body("", new String[][] {{"Content-Disposition: form-data; name=f; filename=f"}},
                new byte[][] {content}, "");
        for (long seed = 0; seed < 30; seed++) {
            expectParts(parse(Feeder.random(body, seed, 4096), Integer.MAX_VALUE), new byte[][] {content});
            expectParts(parse(Feeder.random(body, seed, 300), 1000), new byte[][] {content});
        }
    }

    @Test
    void bodyEndingBeforeTheClosingDelimiterIs400() throws Exception {
        Recorder rec = new Recorder(Integer.MAX_VALUE);
        MultipartParser p = new MultipartParser(BOUNDARY, LIMITS, rec);
        p.onChunk(ByteBuffer.wrap(bytes("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=a\r\n\r\npartial")),
                new Control());
        HttpException e = assertThrows(HttpException.class, p::onComplete);
        assertEquals(400, e.status());
        p.onError(e);
        assertEquals(List.of("start 0", "error 0"), rec.events);
        assertNotNull(rec.error);
    }

    @Test
    void tooManyPartsIs413() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            sb.append("--").append(BOUNDARY).append("\r\nContent-Disposition: form-data; name=p").append(i)
                    .append("\r\n\r\nv\r\n");
        }
        MultipartParser p = new MultipartParser(BOUNDARY, LIMITS, new Recorder(Integer.MAX_VALUE));
        HttpException e = assertThrows(HttpException.class,
                () -> p.onChunk(ByteBuffer.wrap(bytes(sb.toString())), new Control()));
        assertEquals(413, e.status());
    }

    @Test
    void partHeadersTooLargeIs413AndMalformedOnesAre400() {
        MultipartParser big = new MultipartParser(BOUNDARY, LIMITS, new Recorder(Integer.MAX_VALUE));
        HttpException e = assertThrows(HttpException.class, () -> big.onChunk(ByteBuffer.wrap(bytes("--" + BOUNDARY
                + "\r\nX: " + "v".repeat(300) + "\r\n\r\n")), new Control()));
        assertEquals(413, e.status());
        MultipartParser bareLf = new MultipartParser(BOUNDARY, LIMITS, new Recorder(Integer.MAX_VALUE));
        e = assertThrows(HttpException.class, () -> bareLf.onChunk(ByteBuffer.wrap(bytes("--" + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=a\n\r\n")), new Control()));
        assertEquals(400, e.status());
        MultipartParser junk = new MultipartParser(BOUNDARY, LIMITS, new Recorder(Integer.MAX_VALUE));
        e = assertThrows(HttpException.class, () -> junk.onChunk(ByteBuffer.wrap(bytes("--" + BOUNDARY + "x\r\n")),
                new Control()));
        assertEquals(400, e.status());
    }

    @Test
    void invalidBoundariesAreRefused() {
        for (String b : new String[] {"", "a".repeat(71), "ends in space ", "bad\"quote", "cr\r"}) {
            HttpException e = assertThrows(HttpException.class, () -> new MultipartParser(b, LIMITS, new Recorder(1)));
            assertEquals(400, e.status());
        }
        new MultipartParser("a".repeat(70), LIMITS, new Recorder(1));
        assertEquals("abc def", MultipartParser.boundaryOf("multipart/form-data; charset=x; boundary=\"abc def\""));
        assertEquals("xyz", MultipartParser.boundaryOf("Multipart/Form-Data;boundary=xyz"));
        assertNull(MultipartParser.boundaryOf("multipart/form-data; boundary=\"unterminated"));
    }
}
