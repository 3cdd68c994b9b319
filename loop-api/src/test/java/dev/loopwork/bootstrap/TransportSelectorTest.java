package dev.loopwork.bootstrap;

import dev.loopwork.TransportUnavailableException;
import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.spi.Sockets;
import dev.loopwork.spi.jdk.JdkSockets;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransportSelectorTest {

    static class Fake implements LoopProvider {
        final String name;
        final int priority;
        final Throwable cause;

        Fake(String name, int priority, Throwable cause) {
            this.name = name;
            this.priority = priority;
            this.cause = cause;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public boolean isAvailable() {
            return cause == null;
        }

        @Override
        public Optional<Throwable> unavailabilityCause() {
            return Optional.ofNullable(cause);
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

    final Fake epoll = new Fake("epoll", 100, new UnsatisfiedLinkError("no libnetty_transport_native_epoll"));
    final Fake kqueue = new Fake("kqueue", 100, new UnsupportedOperationException("kqueue only on BSD/macOS"));
    final Fake nio = new Fake("nio", 10, null);
    final Fake custom = new Fake("my-loop", -1, null);
    final List<LoopProvider> all = List.of(epoll, kqueue, nio, custom);

    @Test
    void autoPicksTheHighestAvailableAndSkipsNegativePriorities() {
        assertSame(nio, TransportSelector.select("auto", all));
        assertSame(nio, TransportSelector.select("AUTO", all));
    }

    @Test
    void autoNeverPicksANegativePriorityProvider() {
        TransportUnavailableException e = assertThrows(TransportUnavailableException.class,
                () -> TransportSelector.select("auto", List.of(epoll, custom)));
        assertTrue(e.getMessage().contains("no provider with a priority of 0 or more is available"), e.getMessage());
    }

    /** Saying "no provider is available" while listing one as available misled: say why it was skipped. */
    @Test
    void autoWithOnlyNegativePriorityProvidersSaysWhyAndHowToPickOne() {
        TransportUnavailableException e = assertThrows(TransportUnavailableException.class,
                () -> TransportSelector.select("auto", List.of(epoll, custom)));
        String m = e.getMessage();
        assertTrue(m.contains("[my-loop] is available but has a negative priority, which auto never picks"), m);
        assertTrue(m.contains("loopwork.transport=my-loop"), m);
        assertTrue(m.contains("my-loop (priority -1): available"), m);
    }

    @Test
    void autoWithNothingAvailableAtAllSaysSo() {
        TransportUnavailableException e = assertThrows(TransportUnavailableException.class,
                () -> TransportSelector.select("auto", List.of(epoll, kqueue)));
        assertTrue(e.getMessage().startsWith("transport auto: no provider is available."), e.getMessage());
    }

    @Test
    void aNameSelectsThatProviderEvenWithNegativePriority() {
        assertSame(custom, TransportSelector.select("my-loop", all));
        assertSame(nio, TransportSelector.select("nio", all));
    }

    @Test
    void anUnavailableNameFailsListingEveryProviderAndWhy() {
        TransportUnavailableException e = assertThrows(TransportUnavailableException.class,
                () -> TransportSelector.select("kqueue", all));
        String m = e.getMessage();
        assertTrue(m.contains("transport 'kqueue' is not available"), m);
        assertTrue(m.contains("epoll (priority 100): unavailable - java.lang.UnsatisfiedLinkError"), m);
        assertTrue(m.contains("kqueue only on BSD/macOS"), m);
        assertTrue(m.contains("nio (priority 10): available"), m);
        assertSame(kqueue.cause, e.getCause());
    }

    @Test
    void anUnknownNameFailsListingEveryProvider() {
        TransportUnavailableException e = assertThrows(TransportUnavailableException.class,
                () -> TransportSelector.select("iouring", all));
        assertTrue(e.getMessage().startsWith("no transport named 'iouring' was found."), e.getMessage());
        assertTrue(e.getMessage().contains("my-loop (priority -1): available"), e.getMessage());
    }

    @Test
    void aProviderThatThrowsWhileProbedIsReportedUnavailable() {
        LoopProvider broken = new Fake("broken", 50, null) {
            @Override
            public boolean isAvailable() {
                throw new NoClassDefFoundError("io/netty/channel/epoll/Epoll");
            }
        };
        assertSame(nio, TransportSelector.select("auto", List.of(broken, nio)));
        ProviderStatus s = new ProviderStatus(broken);
        assertEquals("broken (priority 50): unavailable - java.lang.NoClassDefFoundError: io/netty/channel/epoll/Epoll",
                s.toString());
    }

    @Test
    void noProvidersAtAllSaysWhatToAdd() {
        TransportUnavailableException e = assertThrows(TransportUnavailableException.class,
                () -> TransportSelector.select("auto", List.of()));
        assertTrue(e.getMessage().contains("add loop-nio"), e.getMessage());
    }

    @Test
    void builderRejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> Loopwork.group().loops(0));
        assertThrows(NullPointerException.class, () -> Loopwork.group().provider(null));
        assertThrows(TransportUnavailableException.class, () -> Loopwork.group().provider(epoll).build());
    }
}
