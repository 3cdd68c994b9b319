package dev.loopwork.tck.faults;

import dev.loopwork.nio.NioLoopProvider;
import dev.loopwork.spi.LoopProvider;

/** The fault kit on the embedded NIO loop. */
class NioFaultTckTest extends FaultTck {

    @Override
    protected LoopProvider provider() {
        return new NioLoopProvider();
    }
}
