package dev.loopwork.bench.jmh;

import dev.loopwork.http.BodyConsumer;
import dev.loopwork.http.BodyControl;
import dev.loopwork.http.HttpLimits;
import dev.loopwork.http.Part;
import dev.loopwork.http.PartHandler;
import dev.loopwork.http.internal.MultipartParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Streaming {@code multipart/form-data}: the boundary search over a 1 MiB file part (plus a small
 * field), delivered in reads of 64 KiB as the connection would. Score x 1 MiB = bytes/s.
 * {@code MultipartParser} is public in {@code dev.loopwork.http.internal}; the class path lets the
 * benchmark use it directly (the module does not export that package).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MultipartBench {

    static final int FILE = 1 << 20;
    static final int READ = 64 * 1024;

    /** Random bytes rarely look like a delimiter; CRLF-heavy text makes the search stop often. */
    @Param({"random", "crlf-text"})
    public String content;

    private final String boundary = "----LoopworkBenchBoundary7MA4YWxkTrZu0gW";
    private final HttpLimits limits = HttpLimits.defaults();
    private ByteBuffer body;

    @Setup(Level.Trial)
    public void setUp() {
        byte[] file = new byte[FILE];
        if ("random".equals(content)) {
            new SplittableRandom(7).nextBytes(file);
        } else {
            byte[] line = "field,value,--not-a-boundary,\r\n-\r\n--\r\n".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < FILE; i++) {
                file[i] = line[i % line.length];
            }
        }
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nholiday photos\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        body = ByteBuffer.allocateDirect(head.length() + FILE + tail.length());
        body.put(head.getBytes(StandardCharsets.US_ASCII)).put(file).put(tail.getBytes(StandardCharsets.US_ASCII)).flip();
    }

    @Benchmark
    public long parse() throws Exception {
        long[] seen = new long[1];
        MultipartParser parser = new MultipartParser(boundary, limits, new PartHandler() {
            @Override
            public BodyConsumer onPart(Part part) {
                return new BodyConsumer() {
                    @Override
                    public void onChunk(ByteBuffer chunk, BodyControl control) {
                        seen[0] += chunk.remaining();
                        chunk.position(chunk.limit());
                    }

                    @Override
                    public void onComplete() {
                    }
                };
            }

            @Override
            public void onComplete() {
            }
        });
        ByteBuffer in = body.duplicate();
        int end = in.limit();
        Control control = new Control(end);
        while (in.position() < end) {
            int before = in.position();
            in.limit(Math.min(end, in.position() + READ));
            parser.onChunk(in, control);
            control.received = in.position();
            if (in.position() == before && in.limit() == end) {
                throw new IllegalStateException("the parser stopped taking bytes at " + before);
            }
        }
        parser.onComplete();
        if (seen[0] < FILE) {
            throw new IllegalStateException("parts carried " + seen[0] + " bytes, expected at least " + FILE);
        }
        return seen[0];
    }

    /** The parser never pauses here: its consumers take every byte. */
    private static final class Control implements BodyControl {
        private final long length;
        long received;

        Control(long length) {
            this.length = length;
        }

        @Override
        public void pause() {
        }

        @Override
        public void resume() {
        }

        @Override
        public boolean isPaused() {
            return false;
        }

        @Override
        public long bytesReceived() {
            return received;
        }

        @Override
        public long contentLength() {
            return length;
        }
    }
}
