package dev.loopwork.example;

import dev.loopwork.spi.LoopProvider;
import dev.loopwork.tck.FakePollInExpectation;
import dev.loopwork.tck.LoopTck;

/** The whole conformance kit on {@code example-thread-fakepollin}: its own thread, {@code fakePollIn} implemented. */
class ThreadFakePollInTckTest extends LoopTck {

    @Override
    protected LoopProvider provider() {
        return new ExampleThreadFakePollInProvider();
    }

    @Override
    protected FakePollInExpectation fakePollIn() {
        return FakePollInExpectation.USED;
    }
}
