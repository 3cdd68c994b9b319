package dev.loopwork.bootstrap;

import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.spi.Sockets;
import dev.loopwork.spi.jdk.JdkSockets;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * This module's test class path lists three providers: a class that does not exist, one whose
 * constructor throws, and one that works. The broken two are listed with their causes and skipped;
 * the lookup of the third is not broken by them.
 */
class BrokenProvidersTest {

    public static final class Throwing implements LoopProvider {
        public Throwing() {
            throw new IllegalStateException("native library missing (test)");
        }

        @Override
        public String name() {
            return "throwing";
        }

        @Override
        public int priority() {
            return 50;
        }

        @Override
        public boolean isAvailable() {
            return true;
        }

        @Override
        public Optional<Throwable> unavailabilityCause() {
            return Optional.empty();
        }

        @Override
        public LoopOps newLoop(LoopConfig config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Sockets sockets() {
            return JdkSockets.instance();
        }
    }

    public static final class Working implements LoopProvider {
        @Override
        public String name() {
            return "working";
        }

        @Override
        public int priority() {
            return 1;
        }

        @Override
        public boolean isAvailable() {
            return true;
        }

        @Override
        public Optional<Throwable> unavailabilityCause() {
            return Optional.empty();
        }

        @Override
        public LoopOps newLoop(LoopConfig config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Sockets sockets() {
            return JdkSockets.instance();
        }
    }

    @Test
    void brokenEntriesAreListedWithTheirCauseAndSkippedByAuto() {
        List<ProviderStatus> statuses = TransportSelector.discover();
        assertEquals(3, statuses.size(), "every entry is listed: " + statuses);
        ProviderStatus missing = statuses.stream().filter(s -> s.name().contains("NoSuchProviderClass")).findFirst()
                .orElseThrow(() -> new AssertionError("the missing class is not listed: " + statuses));
        assertFalse(missing.isAvailable());
        assertInstanceOf(ServiceConfigurationError.class, missing.unavailabilityCause().orElseThrow());
        ProviderStatus throwing = statuses.stream().filter(s -> s.name().contains("Throwing")).findFirst()
                .orElseThrow(() -> new AssertionError("the throwing provider is not listed: " + statuses));
        assertTrue(ProviderStatus.describe(throwing.unavailabilityCause().orElseThrow())
                .contains("native library missing"), throwing.toString());
        LoopProvider chosen = TransportSelector.select("auto", TransportSelector.discoverProviders());
        assertEquals("working", chosen.name());
    }
}
