package dev.loopwork.kqueue;

import dev.loopwork.TransportUnavailableException;
import dev.loopwork.bootstrap.Loopwork;
import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopProvider;
import io.netty.channel.kqueue.KQueue;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discovery and availability of the kqueue providers, on any OS: available only where Netty's kqueue loads. */
class KQueueProviderTest {

    @Test
    void bothProvidersAreFoundByTheServiceLoader() {
        List<String> names = ServiceLoader.load(LoopProvider.class).stream().map(p -> p.get().name())
                .collect(Collectors.toList());
        assertTrue(names.contains("kqueue"), names.toString());
        assertTrue(names.contains("kqueue-manual"), names.toString());
    }

    @Test
    void availabilityAndCauseAreNettys() {
        for (LoopProvider p : List.of(new KQueueLoopProvider(), new KQueueManualLoopProvider())) {
            assertEquals(KQueue.isAvailable(), p.isAvailable(), p.name());
            if (KQueue.isAvailable()) {
                assertTrue(p.unavailabilityCause().isEmpty());
            } else {
                Throwable why = p.unavailabilityCause().orElseThrow();
                assertSame(KQueue.unavailabilityCause(), why.getCause(), "Netty's cause, unchanged, under ours");
                Throwable root = KQueue.unavailabilityCause();
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                assertTrue(why.getMessage().contains(p.name()) && why.getMessage().contains(root.getMessage()),
                        "one line that says why: " + why.getMessage());
            }
        }
        assertEquals(100, new KQueueLoopProvider().priority());
        assertTrue(new KQueueManualLoopProvider().priority() < 0);
    }

    @Test
    void whereKQueueIsMissingItFailsFastAndAutoPassesItBy() {
        org.junit.jupiter.api.Assumptions.assumeFalse(KQueue.isAvailable(), "kqueue is available here");
        KQueueLoopProvider p = new KQueueLoopProvider();
        TransportUnavailableException loop = assertThrows(TransportUnavailableException.class,
                () -> p.newLoop(new LoopConfig("kqueue-x", 0)));
        assertSame(KQueue.unavailabilityCause(), loop.getCause());
        assertTrue(loop.getMessage().contains("kqueue"), loop.getMessage());
        assertThrows(TransportUnavailableException.class, p::sockets);

        TransportUnavailableException named = assertThrows(TransportUnavailableException.class,
                () -> Loopwork.selectProvider("kqueue"));
        assertTrue(named.getMessage().contains("kqueue"), named.getMessage());
        try {
            assertNotEquals("kqueue", Loopwork.selectProvider("auto").name());
        } catch (TransportUnavailableException noneAvailable) {
            assertFalse(noneAvailable.getMessage().isEmpty()); // only kqueue on this class path: nothing to pick
        }
        assertTrue(p.toString().contains("unavailable"), p.toString());
    }
}
