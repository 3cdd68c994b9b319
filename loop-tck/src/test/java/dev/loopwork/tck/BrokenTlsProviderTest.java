package dev.loopwork.tck;

import dev.loopwork.ConnectionOptions;
import dev.loopwork.nio.NioLoopProvider;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.spi.Registration;
import dev.loopwork.tls.TlsEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TLS upload-stall case must fail on a loop that has the libwebsockets bug in its mildest form:
 * it promises the fake READ but delivers it only when its poller would time out (here after 2 s),
 * so every byte still arrives, only late.
 */
class BrokenTlsProviderTest {

    private static TckSettings settings(long largeTransferBytes) {
        return new TckSettings(2, FakePollInExpectation.ANY, ConnectionOptions.defaults(), 10, largeTransferBytes,
                Duration.ofSeconds(20));
    }

    @Test
    @Timeout(value = 90, threadMode = ThreadMode.SEPARATE_THREAD)
    void aLoopThatServesPendingInputOnlyAtItsPollTimeoutFailsTheUploadStallCase() throws Exception {
        // The same case on the healthy loop first: it passes, and the JIT has compiled the TLS
        // client, which must outrun the pausing server for batch ends to wait above the socket.
        try (TckContext ctx = new TckContext(new CountingLoopProvider(new NioLoopProvider()), settings(8L << 20))) {
            new TlsUploadCases(ctx).uploadWithPausesEvery16KiB(TlsEngine.JDK);
        }

        LoopProvider sleepy = new ForwardingProvider(new NioLoopProvider(), ops -> new ForwardingProvider.Ops(ops) {
            @Override
            public boolean fakePollIn(Registration registration) {
                delegate.schedule(() -> delegate.fakePollIn(registration), 2, TimeUnit.SECONDS);
                return true;
            }
        });
        try (TckContext ctx = new TckContext(new CountingLoopProvider(sleepy), settings(2L << 20))) {
            AssertionError e = assertThrows(AssertionError.class,
                    () -> new TlsUploadCases(ctx).uploadWithPausesEvery16KiB(TlsEngine.JDK));
            assertTrue(e.getMessage().contains("upload stall") && e.getMessage().contains("limit 1000 ms"),
                    "unexpected failure: " + e);
        }
    }
}
