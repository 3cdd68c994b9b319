package dev.loopwork.http;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every request of {@code src/test/resources/corpus} against a real server over loopback, on
 * nio and on epoll, and checks the statuses answered and the fate of the connection: kept (a probe
 * request on the same connection gets 200) or closed cleanly (EOF after the answer, not a reset).
 *
 * <h2>File format</h2>
 * Lines starting with {@code #} hold the description and the expectations:
 * {@code # expect: <status>... keep|close} and optionally {@code # bytes: <n>...} (body bytes the
 * server received, per 2xx answer). The other lines are the request; their line breaks are
 * ignored, and {@code \r \n \t \\ \xHH} are escapes; {@code {{N*text}}} repeats text N times.
 */
class CorpusTest {

    /** The server every corpus case runs against: 1 MiB bodies, answers with the bytes received. */
    static HttpServer.Builder server() {
        return HttpServer.builder()
                .limits(HttpLimits.builder().maxBodySize(1 << 20).build())
                .handler((request, response) -> new BodyConsumer() {
                    long bytes;

                    @Override
                    public void onChunk(ByteBuffer chunk, BodyControl control) {
                        bytes += chunk.remaining();
                        chunk.position(chunk.limit());
                    }

                    @Override
                    public void onComplete() {
                        response.status(200).header("X-Body-Bytes", Long.toString(bytes)).send("ok " + request.path());
                    }
                });
    }

    /** Every case on nio and on epoll (the example loops run the corpus in {@link CrossLoopTest}). */
    static Stream<Arguments> casesOnNioAndEpoll() throws IOException, URISyntaxException {
        List<Case> cases = cases();
        assertTrue(cases.size() >= 40, "the corpus has " + cases.size() + " cases");
        return Transports.jdkAndNative().flatMap(t -> cases.stream()
                .map(c -> Arguments.of(t, Named.of(c.name() + ": " + c.why(), c))));
    }

    /** A server of its own per case, so that the leak check runs after each. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("casesOnNioAndEpoll")
    void corpus(String transport, Case c) throws Exception {
        try (ServerFixture fx = ServerFixture.start(server(), transport)) {
            run(c, fx);
        }
    }

    /** One corpus file. */
    record Case(String name, String why, List<Integer> statuses, boolean keep, List<Long> bytes, byte[] request) {
    }

    /** Every case of the corpus, in file order. */
    static List<Case> cases() throws IOException, URISyntaxException {
        Path dir = Path.of(CorpusTest.class.getResource("/corpus").toURI());
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".http")).sorted().toList()) {
                cases.add(load(f));
            }
        }
        return cases;
    }

    /** Sends the case on a new connection of {@code fixture} and checks answers and connection fate. */
    static void run(Case c, ServerFixture fixture) throws IOException {
        try (RawClient client = fixture.client()) {
            client.send(c.request());
            List<Long> bytes = new ArrayList<>();
            for (int expected : c.statuses()) {
                RawClient.Reply r = client.read();
                assertEquals(expected, r.status(), c.name() + ": " + r.text());
                if (r.status() >= 400) {
                    assertEquals("close", r.header("Connection"), "an error answer says Connection: close");
                }
                if (r.header("X-Body-Bytes") != null) {
                    bytes.add(Long.parseLong(r.header("X-Body-Bytes")));
                }
            }
            if (!c.bytes().isEmpty()) {
                assertEquals(c.bytes(), bytes, "body bytes the server received");
            }
            if (c.keep()) {
                client.send("GET /probe HTTP/1.1\r\nHost: probe\r\n\r\n");
                RawClient.Reply probe = client.read();
                assertEquals(200, probe.status(), "the connection is kept and in sync");
                assertEquals("ok /probe", probe.text());
            } else {
                assertTrue(client.readsEof(), "the server closes cleanly after its answer");
            }
        }
    }

    static Case load(Path file) throws IOException {
        String why = "";
        List<Integer> statuses = new ArrayList<>();
        List<Long> bytes = new ArrayList<>();
        boolean keep = false;
        StringBuilder request = new StringBuilder();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("# expect:")) {
                String[] words = line.substring(9).trim().split("\\s+");
                for (int i = 0; i < words.length - 1; i++) {
                    statuses.add(Integer.parseInt(words[i]));
                }
                keep = switch (words[words.length - 1]) {
                    case "keep" -> true;
                    case "close" -> false;
                    default -> throw new IllegalArgumentException(file + ": expect ends with keep or close");
                };
            } else if (line.startsWith("# bytes:")) {
                for (String w : line.substring(8).trim().split("\\s+")) {
                    bytes.add(Long.parseLong(w));
                }
            } else if (line.startsWith("#")) {
                why = why.isEmpty() ? line.substring(1).trim() : why;
            } else {
                request.append(line);
            }
        }
        if (statuses.isEmpty()) {
            throw new IllegalArgumentException(file + " has no '# expect:' line");
        }
        String name = file.getFileName().toString().replace(".http", "");
        return new Case(name, why, statuses, keep, bytes, unescape(expand(request.toString())));
    }

    /** {@code {{N*text}}} → text repeated N times. */
    static String expand(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (true) {
            int open = s.indexOf("{{", i);
            if (open < 0) {
                return out.append(s, i, s.length()).toString();
            }
            int star = s.indexOf('*', open);
            int close = s.indexOf("}}", star);
            out.append(s, i, open);
            int n = Integer.parseInt(s.substring(open + 2, star));
            out.append(s.substring(star + 1, close).repeat(n));
            i = close + 2;
        }
    }

    static byte[] unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.write(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case '\\' -> out.write('\\');
                case 'x' -> {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + e);
            }
        }
        return out.toByteArray();
    }
}
