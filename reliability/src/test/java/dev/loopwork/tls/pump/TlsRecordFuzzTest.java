package dev.loopwork.tls.pump;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.loopwork.tls.SelfSignedCertificate;
import dev.loopwork.tls.TlsContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fuzzes the TLS stage's record handling after a valid handshake, two ways per input (the
 * {@link StagePump} drives a client and a server stage in memory, as the connection core would):
 * <ol>
 *   <li><b>Record-boundary splits.</b> The client sends a payload whose size comes from the input; the
 *       bytes cross the wire in pieces whose sizes come from the input (1 byte and up, so records and
 *       their headers are cut anywhere), and the server application reads in pieces from the input.
 *       Every byte must arrive, in order (SHA-256 equal).</li>
 *   <li><b>Random bytes after the handshake.</b> The rest of the input (after an optional well-formed
 *       record header, so that the fuzzer gets past the header checks) lands in the server's
 *       ciphertext buffer. The stage must refuse it with an {@link IOException} (an alert) or wait for
 *       more, never throw anything else, and never hand the application a byte: none of it was
 *       authenticated.</li>
 * </ol>
 * Any other exception, a stall, or a dishonest {@code StageResult} is a finding.
 */
class TlsRecordFuzzTest {

    private static final SelfSignedCertificate CERT =
            SelfSignedCertificate.generate(SelfSignedCertificate.KeyType.EC_P256, "localhost");
    private static final TlsContext SERVER = TlsContext.create(CERT.serverConfig().build());
    private static final TlsContext CLIENT = TlsContext.create(CERT.clientConfig().build());

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(CERT::close, "fuzz-delete-certificate"));
    }

    /**
     * Under Jazzer every input costs two full handshakes and the JDK's TLS classes run with Jazzer's
     * hooks: the corpus alone took 78 s on two busy cores. It runs under {@code -Pfuzz} and
     * {@code -Pstress}; the quick build skips it (saying so) to stay within its time budget.
     */
    @BeforeAll
    static void onlyWhenFuzzingOrStress() {
        Assumptions.assumeTrue(System.getenv("JAZZER_FUZZ") != null
                        || "stress".equals(System.getProperty("reliability.scale")),
                "TLS record corpus: runs under -Pfuzz and -Pstress only (slow under Jazzer's hooks)");
    }

    @FuzzTest(maxDuration = "2m")
    void fuzzRecords(FuzzedDataProvider data) throws IOException {
        splits(data.consumeInt(0, 40_000), data.consumeBytes(64), data.consumeInt(1, 64 * 1024));
        garbage(data.consumeBoolean(), data.consumeRemainingAsBytes());
    }

    private static StagePump established(Endpoint client, Endpoint server) throws IOException {
        StagePump pump = new StagePump(client, server);
        pump.handshake();
        return pump;
    }

    private static void splits(int payload, byte[] pieces, int readChunk) throws IOException {
        Endpoint client = new Endpoint("client", CLIENT.newStage("localhost", 8443), true, 0, 0, 0);
        Endpoint server = new Endpoint("server", SERVER.newStage("localhost", 8443), false, 0, 0, 0);
        StagePump pump = established(client, server);
        int[] at = {0};
        // Pieces of 1..2041 bytes: record headers and bodies cut anywhere, several records per piece.
        pump.wireChunk(() -> pieces.length == 0 ? Integer.MAX_VALUE : 1 + (pieces[at[0]++ % pieces.length] & 0xff) * 8);
        server.readChunk(readChunk);
        client.send(payload, () -> 1 + (payload % 17_000), payload);
        pump.transferAll();
        assertEquals(client.sentSha256(), server.receivedSha256(), "SHA-256 across the split records");
        assertEquals(payload, server.received());
        release(client, server);
    }

    private static void garbage(boolean header, byte[] bytes) throws IOException {
        Endpoint client = new Endpoint("client", CLIENT.newStage("localhost", 8443), true, 0, 0, 0);
        Endpoint server = new Endpoint("server", SERVER.newStage("localhost", 8443), false, 0, 0, 0);
        established(client, server);
        int room = server.rx0.remaining() - 5;
        int n = Math.min(bytes.length, room);
        if (header) {
            // application_data, legacy version TLS 1.2, the length of what follows
            server.rx0.put((byte) 23).put((byte) 3).put((byte) 3).putShort((short) n);
        }
        server.rx0.put(ByteBuffer.wrap(bytes, 0, n));
        server.decodeStalled = false;
        try {
            for (int i = 0; i < 1000 && server.drive(); i++) {
                // drive until nothing moves
            }
        } catch (IOException refused) {
            // an alert: the right answer to forged records
        }
        assertEquals(0, server.received(), "unauthenticated bytes reached the application");
        release(client, server);
    }

    private static void release(Endpoint client, Endpoint server) {
        client.stage.release();
        server.stage.release();
    }
}
