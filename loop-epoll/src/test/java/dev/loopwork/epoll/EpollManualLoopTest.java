package dev.loopwork.epoll;

import dev.loopwork.nativeloop.ManualLoopHost;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.nativeloop.testkit.ManualLoopContract;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The {@code epoll-manual} provider against {@link ManualLoopContract}. */
class EpollManualLoopTest extends ManualLoopContract {

    @Override
    protected LoopProvider provider() {
        return new EpollManualLoopProvider();
    }

    @Override
    protected LoopProvider provider(ManualLoopHost host) {
        LoopProvider p = new EpollManualLoopProvider(host);
        assertEquals("epoll-manual", p.name());
        return p;
    }

    @Override
    protected void loadTransport() {
        io.netty.channel.epoll.Epoll.isAvailable();
    }
}
