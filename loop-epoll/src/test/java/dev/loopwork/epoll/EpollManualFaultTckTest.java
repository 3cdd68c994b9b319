package dev.loopwork.epoll;

import dev.loopwork.spi.LoopProvider;
import dev.loopwork.tck.faults.FaultTck;

/** The fault kit on the {@code "epoll-manual"} loop. */
class EpollManualFaultTckTest extends FaultTck {

    @Override
    protected LoopProvider provider() {
        return new EpollManualLoopProvider();
    }
}
