package dev.loopwork.iouring;

import dev.loopwork.spi.LoopProvider;
import dev.loopwork.tck.FakePollInExpectation;
import dev.loopwork.tck.LoopTck;

/** The whole conformance kit on the {@code "io_uring"} loop, which implements {@code fakePollIn} natively. */
class IoUringTckTest extends LoopTck {

    @Override
    protected LoopProvider provider() {
        return new IoUringLoopProvider();
    }

    @Override
    protected FakePollInExpectation fakePollIn() {
        return FakePollInExpectation.USED;
    }
}
