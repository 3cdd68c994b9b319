package dev.loopwork.tls;

import dev.loopwork.tls.pump.Endpoint;
import dev.loopwork.tls.pump.StagePump;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.provider.Arguments;

import java.io.IOException;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Shared certificates, contexts and pumps for the in-memory TLS tests. */
final class TestTls {

    /** An EC P-256 certificate for localhost, shared by the tests of this JVM. */
    static final SelfSignedCertificate EC = generate(SelfSignedCertificate.KeyType.EC_P256);
    /** An RSA 2048 certificate for localhost. */
    static final SelfSignedCertificate RSA = generate(SelfSignedCertificate.KeyType.RSA_2048);

    private TestTls() {
    }

    private static SelfSignedCertificate generate(SelfSignedCertificate.KeyType type) {
        SelfSignedCertificate c = SelfSignedCertificate.generate(type, "localhost");
        Runtime.getRuntime().addShutdownHook(new Thread(c::close));
        return c;
    }

    /** Both engines. */
    static Stream<TlsEngine> engines() {
        return Stream.of(TlsEngine.JDK, TlsEngine.OPENSSL);
    }

    /** Every client engine against every server engine. */
    static Stream<Arguments> pairs() {
        return Stream.of(
                Arguments.of(TlsEngine.JDK, TlsEngine.JDK),
                Arguments.of(TlsEngine.OPENSSL, TlsEngine.OPENSSL),
                Arguments.of(TlsEngine.JDK, TlsEngine.OPENSSL),
                Arguments.of(TlsEngine.OPENSSL, TlsEngine.JDK));
    }

    /** Skips the test where the OpenSSL engine cannot run, saying why. */
    static void assumeAvailable(TlsEngine engine) {
        if (engine == TlsEngine.OPENSSL) {
            Assumptions.assumeTrue(TlsContext.isOpenSslAvailable(),
                    () -> "OpenSSL engine not available here: " + dev.loopwork.tls.internal.OpenSslSupport
                            .unavailabilityCause().map(String::valueOf).orElse("?"));
        }
    }

    static TlsContext server(TlsEngine engine, UnaryOperator<TlsConfig.Builder> customize) {
        assumeAvailable(engine);
        TlsContext tls = TlsContext.create(customize.apply(EC.serverConfig().engine(engine)).build());
        assertEquals(engine, tls.engine(), "the engine asked for must be the one that runs");
        return tls;
    }

    static TlsContext server(TlsEngine engine) {
        return server(engine, b -> b);
    }

    static TlsContext client(TlsEngine engine, UnaryOperator<TlsConfig.Builder> customize) {
        assumeAvailable(engine);
        TlsContext tls = TlsContext.create(customize.apply(EC.clientConfig().engine(engine)).build());
        assertEquals(engine, tls.engine(), "the engine asked for must be the one that runs");
        return tls;
    }

    static TlsContext client(TlsEngine engine) {
        return client(engine, b -> b);
    }

    static Endpoint endpoint(TlsContext tls, String name) throws IOException {
        return new Endpoint(name, tls.newStage("localhost", 8443), tls.config().isClient(), 0, 0, 0);
    }

    static Endpoint clientEndpoint(TlsContext tls) throws IOException {
        return endpoint(tls, "client");
    }

    static Endpoint serverEndpoint(TlsContext tls) throws IOException {
        return endpoint(tls, "server");
    }

    static StagePump pump(Endpoint client, Endpoint server) {
        return new StagePump(client, server);
    }

    /** The session the stage stored on its connection. */
    static TlsSession session(Endpoint e) {
        return TlsSession.of(e.connection()).orElseThrow(() -> new AssertionError("no TlsSession on " + e));
    }
}
