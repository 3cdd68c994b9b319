package dev.loopwork.epoll;

import dev.loopwork.spi.LoopProvider;
import dev.loopwork.tck.faults.FaultTck;

/** The fault kit on the {@code "epoll"} loop. */
class EpollFaultTckTest extends FaultTck {

    @Override
    protected LoopProvider provider() {
        return new EpollLoopProvider();
    }
}
