package dev.loopwork.example;

import dev.loopwork.spi.LoopProvider;
import dev.loopwork.tck.FakePollInExpectation;
import dev.loopwork.tck.LoopTck;

/** The whole conformance kit on {@code example-tick-fakepollin}: ticked by a {@link TickHost}, {@code fakePollIn} implemented. */
class TickFakePollInTckTest extends LoopTck {

    @Override
    protected LoopProvider provider() {
        return new ExampleTickFakePollInProvider();
    }

    @Override
    protected FakePollInExpectation fakePollIn() {
        return FakePollInExpectation.USED;
    }
}
