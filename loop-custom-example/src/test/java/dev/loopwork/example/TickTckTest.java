package dev.loopwork.example;

import dev.loopwork.spi.LoopProvider;
import dev.loopwork.tck.FakePollInExpectation;
import dev.loopwork.tck.LoopTck;

/** The whole conformance kit on {@code example-tick}: ticked by a {@link TickHost}, default {@code fakePollIn} (the core falls back to tasks). */
class TickTckTest extends LoopTck {

    @Override
    protected LoopProvider provider() {
        return new ExampleTickProvider();
    }

    @Override
    protected FakePollInExpectation fakePollIn() {
        return FakePollInExpectation.NOT_IMPLEMENTED;
    }
}
