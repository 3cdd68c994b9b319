package dev.loopwork.epoll;

import dev.loopwork.bootstrap.Loopwork;
import dev.loopwork.bootstrap.ProviderStatus;
import dev.loopwork.spi.LoopProvider;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discovery and selection of the epoll providers on this (Linux) machine. */
class EpollProviderTest {

    @Test
    void bothProvidersAreFoundByTheServiceLoader() {
        List<String> names = ServiceLoader.load(LoopProvider.class).stream().map(p -> p.get().name())
                .collect(Collectors.toList());
        assertTrue(names.contains("epoll"), names.toString());
        assertTrue(names.contains("epoll-manual"), names.toString());
    }

    @Test
    void epollIsAvailableOnLinuxAndAutoPicksIt() {
        EpollLoopProvider p = new EpollLoopProvider();
        assertEquals(100, p.priority());
        assertTrue(p.isAvailable(), () -> "epoll unavailable: " + p.unavailabilityCause());
        assertTrue(p.unavailabilityCause().isEmpty());
        assertEquals("epoll", Loopwork.selectProvider("auto").name());
        assertEquals("epoll-manual", Loopwork.selectProvider("epoll-manual").name());
        ProviderStatus manual = Loopwork.providers().stream().filter(s -> s.name().equals("epoll-manual")).findFirst()
                .orElseThrow();
        assertTrue(manual.isAvailable());
        assertTrue(manual.priority() < 0);
        assertFalse(p.toString().isEmpty());
    }
}
