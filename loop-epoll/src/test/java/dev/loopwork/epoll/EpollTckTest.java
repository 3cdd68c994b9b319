package dev.loopwork.epoll;

import dev.loopwork.spi.LoopProvider;
import dev.loopwork.tck.FakePollInExpectation;
import dev.loopwork.tck.LoopTck;

/** The whole conformance kit on the {@code "epoll"} loop, which implements {@code fakePollIn} natively. */
class EpollTckTest extends LoopTck {

    @Override
    protected LoopProvider provider() {
        return new EpollLoopProvider();
    }

    @Override
    protected FakePollInExpectation fakePollIn() {
        return FakePollInExpectation.USED;
    }
}
