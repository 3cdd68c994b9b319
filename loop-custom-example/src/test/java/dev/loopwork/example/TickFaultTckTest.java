package dev.loopwork.example;

import dev.loopwork.spi.LoopProvider;
import dev.loopwork.tck.faults.FaultTck;

/** The fault kit on {@code example-tick}. */
class TickFaultTckTest extends FaultTck {

    @Override
    protected LoopProvider provider() {
        return new ExampleTickProvider();
    }
}
