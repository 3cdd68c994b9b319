package dev.loopwork.uploadserver;

import dev.loopwork.tls.TlsEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionsTest {

    @Test
    void defaults() throws Exception {
        Options o = Options.parse();
        assertEquals("127.0.0.1", o.host);
        assertEquals(8080, o.port());
        assertEquals(Path.of("uploads"), o.dir);
        assertEquals("auto", o.transport);
        assertEquals(Options.defaultLoops(), o.loops);
        assertEquals(1L << 30, o.maxBody);
        assertFalse(o.tls);
        assertNull(o.engine);
    }

    @Test
    void tlsDefaultsToPort8443AndTheJdkEngine() throws Exception {
        Options o = Options.parse("--tls", "--self-signed");
        assertEquals(8443, o.port());
        assertEquals(TlsEngine.JDK, o.engine);
        assertEquals(9000, Options.parse("--tls", "--self-signed", "--port", "9000").port());
    }

    @Test
    void valuesAsNextArgumentOrAfterEquals(@TempDir Path tmp) throws Exception {
        Path cert = Files.writeString(tmp.resolve("c.pem"), "x");
        Path key = Files.writeString(tmp.resolve("k.pem"), "x");
        Options o = Options.parse("--host=::1", "--port", "0", "--dir=" + tmp, "--transport", "nio", "--loops=3",
                "--max-body", "64m", "--tls", "--cert", cert.toString(), "--key=" + key, "--engine=OpenSSL");
        assertEquals("::1", o.host);
        assertEquals(0, o.port());
        assertEquals(tmp, o.dir);
        assertEquals("nio", o.transport);
        assertEquals(3, o.loops);
        assertEquals(64L << 20, o.maxBody);
        assertEquals(cert, o.cert);
        assertEquals(key, o.key);
        assertEquals(TlsEngine.OPENSSL, o.engine);
    }

    @Test
    void helpSkipsTheOtherChecks() throws Exception {
        assertTrue(Options.parse("--engine", "openssl", "--help").help);
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        String help = Options.help("nio, epoll");
        for (String s : new String[] {"--host", "--port", "--dir", "--transport", "--loops", "--max-body", "--tls",
                "--cert", "--key", "--self-signed", "--engine", "--help", "default: 127.0.0.1",
                "default: 8080, 8443 with --tls", "default: ./uploads", "default: auto", "default: 1G",
                "default: jdk", "nio, epoll"}) {
            assertTrue(help.contains(s), () -> "help has no '" + s + "':\n" + help);
        }
    }

    @Test
    void sizes() throws Exception {
        assertEquals(123, Options.parseSize("--max-body", "123"));
        assertEquals(64L << 10, Options.parseSize("--max-body", "64K"));
        assertEquals(2L << 30, Options.parseSize("--max-body", " 2g "));
        assertEquals("1G", Options.size(1L << 30));
        assertEquals("640K", Options.size(640L << 10));
        assertEquals("1000", Options.size(1000));
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(new String[] {"--port", "x"}, "--port: not a port number (0 to 65535): 'x'"),
                Arguments.of(new String[] {"--port", "65536"}, "--port: not a port number (0 to 65535): '65536'"),
                Arguments.of(new String[] {"--port"}, "--port needs a value"),
                Arguments.of(new String[] {"--loops", "0"}, "--loops: not a loop count (1 to 256): '0'"),
                Arguments.of(new String[] {"--max-body", "12Q"}, "--max-body: not a size (like 512K, 64M, 2G): '12Q'"),
                Arguments.of(new String[] {"--max-body", "0"}, "--max-body: must be positive: '0'"),
                Arguments.of(new String[] {"--max-body", "99999999999G"},
                        "--max-body: not a size (like 512K, 64M, 2G): '99999999999G'"),
                Arguments.of(new String[] {"--bogus"}, "unknown option '--bogus'"),
                Arguments.of(new String[] {"stray"}, "unexpected argument 'stray'"),
                Arguments.of(new String[] {"--tls=yes"}, "--tls takes no value"),
                Arguments.of(new String[] {"--transport", " "}, "--transport: empty"),
                Arguments.of(new String[] {"--engine", "openssl"}, "--engine needs --tls"),
                Arguments.of(new String[] {"--self-signed"}, "--self-signed needs --tls"),
                Arguments.of(new String[] {"--tls"}, "--tls needs --cert and --key, or --self-signed"),
                Arguments.of(new String[] {"--tls", "--self-signed", "--engine", "boring"},
                        "--engine: 'boring' is neither jdk nor openssl"),
                Arguments.of(new String[] {"--tls", "--cert", "no-such-file.pem"}, "--cert: no such file: no-such-file.pem"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("refusals")
    void refusesWithOneLineNamingTheOption(String[] args, String message) {
        UsageException e = assertThrows(UsageException.class, () -> Options.parse(args));
        assertEquals(message, e.getMessage());
    }

    @Test
    void certAndKeyGoTogetherAndExcludeSelfSigned(@TempDir Path tmp) throws IOException {
        String cert = Files.writeString(tmp.resolve("c.pem"), "x").toString();
        String key = Files.writeString(tmp.resolve("k.pem"), "x").toString();
        assertEquals("--cert needs --key",
                assertThrows(UsageException.class, () -> Options.parse("--tls", "--cert", cert)).getMessage());
        assertEquals("--key needs --cert",
                assertThrows(UsageException.class, () -> Options.parse("--tls", "--key", key)).getMessage());
        assertEquals("--self-signed and --cert/--key exclude each other", assertThrows(UsageException.class,
                () -> Options.parse("--tls", "--self-signed", "--cert", cert, "--key", key)).getMessage());
        assertEquals("--cert needs --tls",
                assertThrows(UsageException.class, () -> Options.parse("--cert", cert, "--key", key)).getMessage());
    }
}
