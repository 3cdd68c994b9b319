package dev.loopwork.tck;

import dev.loopwork.tls.TlsEngine;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The TLS cases of the conformance kit (case 11): the {@code tls} module's stage on the provider
 * under test, with each engine ({@link TlsEngine#JDK}, and {@link TlsEngine#OPENSSL} where
 * netty-tcnative loads; elsewhere those runs are skipped with the reason). Not used on its own:
 * {@link LoopTck} extends it, so one test class runs every case. Override a method with
 * {@code @Disabled("why")} to leave a case out visibly.
 *
 * <h2>Peers</h2>
 * Loopwork TLS clients on the same provider (so the client side of the stage runs on the loop too)
 * and JDK {@code SSLEngine} clients driven by hand over blocking sockets, which control every byte:
 * one byte per segment, FIN without close_notify, a renegotiation.
 *
 * <h2>After every case</h2>
 * The usual leak check ({@link TckContext#close()}), plus: every TLS stage was released exactly
 * once by the core, and a released OpenSSL engine's reference count is 0 ({@link TlsFixture}).
 *
 * <h2>Bounds</h2>
 * As for every case: a JUnit timeout per run, every wait bounded by the await bound. The one
 * timing assertion of the kit is in 11b: bytes left pending at a pause are delivered within 1 s of
 * the resume ({@link TlsUploadCases#MAX_WAIT_FOR_PENDING_BYTES_AFTER_RESUME}).
 */
public abstract class TlsTck extends ContractTck {

    TlsTck() {
        // Only LoopTck extends it.
    }

    /** The fixture of the running case (made by {@link LoopTck} before each case). */
    protected abstract TckContext context();

    @ParameterizedTest(name = "{0} engine")
    @EnumSource(TlsEngine.class)
    @DisplayName("11a. TLS echo: 64 MiB, SHA-256 equal, Loopwork TLS server and client, clean close both ways")
    @Timeout(value = 90, threadMode = ThreadMode.SEPARATE_THREAD)
    public void tlsEcho(TlsEngine engine) {
        new TlsTransferCases(context()).echo(engine);
    }

    @ParameterizedTest(name = "{0} engine")
    @EnumSource(TlsEngine.class)
    @DisplayName("11b. TLS upload stall: 32 MiB in 16 KiB records, server pauses every 16 KiB and resumes from a "
            + "timer; pending bytes delivered within 1 s of each resume; fakePollIn path as declared")
    @Timeout(value = 90, threadMode = ThreadMode.SEPARATE_THREAD)
    public void tlsUploadStall(TlsEngine engine) throws Exception {
        new TlsUploadCases(context()).uploadWithPausesEvery16KiB(engine);
    }

    @ParameterizedTest(name = "{0} engine")
    @EnumSource(TlsEngine.class)
    @DisplayName("11c. TLS with 4 KiB socket buffers and 16 KiB records: 8 MiB echoed, SHA-256 equal")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void tlsSmallSocketBuffers(TlsEngine engine) {
        new TlsTransferCases(context()).smallSocketBuffers(engine);
    }

    @ParameterizedTest(name = "{0} engine")
    @EnumSource(TlsEngine.class)
    @DisplayName("11d. TLS 1.3 and 1.2 handshake, data and close_notify from a peer sending one byte at a time")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void tlsOneByteAtATime(TlsEngine engine) throws Exception {
        new TlsHandshakeCases(context()).oneByteAtATime(engine);
    }

    @ParameterizedTest(name = "{0} engine")
    @EnumSource(TlsEngine.class)
    @DisplayName("11e. TLS close_notify from the client: server onInputShutdown after every byte, then clean closes")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void tlsClientCloseNotify(TlsEngine engine) {
        new TlsCloseCases(context()).clientCloses(engine);
    }

    @ParameterizedTest(name = "{0} engine")
    @EnumSource(TlsEngine.class)
    @DisplayName("11f. TLS close_notify from the server: the client sees close_notify then EOF, no truncation")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void tlsServerCloseNotify(TlsEngine engine) throws Exception {
        new TlsCloseCases(context()).serverCloses(engine);
    }

    @ParameterizedTest(name = "{0} engine")
    @EnumSource(TlsEngine.class)
    @DisplayName("11g. TLS truncation: data then FIN without close_notify gives onClosed(TlsTruncationException)")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void tlsTruncation(TlsEngine engine) throws Exception {
        new TlsCloseCases(context()).truncation(engine);
    }

    @ParameterizedTest(name = "{0} engine")
    @EnumSource(TlsEngine.class)
    @DisplayName("11h. TLS 1.2 client-initiated renegotiation refused: only that connection fails")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void tlsRenegotiationRefused(TlsEngine engine) throws Exception {
        new TlsHandshakeCases(context()).renegotiationRefused(engine);
    }

    @ParameterizedTest(name = "{0} engine")
    @EnumSource(TlsEngine.class)
    @DisplayName("11i. foreign TLS clients: a JDK SSLSocket, then openssl s_client (where installed), echo 1 MiB")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void tlsForeignClients(TlsEngine engine) throws Exception {
        TlsForeignClientCases cases = new TlsForeignClientCases(context());
        cases.sslSocket(engine);
        cases.opensslSClient(engine);
    }
}
