package dev.loopwork.example;

import dev.loopwork.spi.LoopProvider;
import dev.loopwork.tck.FakePollInExpectation;
import dev.loopwork.tck.LoopTck;

/** The whole conformance kit on {@code example-thread}: its own thread, default {@code fakePollIn} (the core falls back to tasks). */
class ThreadTckTest extends LoopTck {

    @Override
    protected LoopProvider provider() {
        return new ExampleThreadProvider();
    }

    @Override
    protected FakePollInExpectation fakePollIn() {
        return FakePollInExpectation.NOT_IMPLEMENTED;
    }
}
