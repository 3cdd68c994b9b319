package dev.loopwork.iouring;

import dev.loopwork.nativeloop.ManualLoopHost;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.nativeloop.testkit.ManualLoopContract;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The {@code io_uring-manual} provider against {@link ManualLoopContract}. */
class IoUringManualLoopTest extends ManualLoopContract {

    @Override
    protected LoopProvider provider() {
        return new IoUringManualLoopProvider();
    }

    @Override
    protected LoopProvider provider(ManualLoopHost host) {
        LoopProvider p = new IoUringManualLoopProvider(host);
        assertEquals("io_uring-manual", p.name());
        return p;
    }

    @Override
    protected void loadTransport() {
        io.netty.channel.uring.IoUring.isAvailable();
    }
}
