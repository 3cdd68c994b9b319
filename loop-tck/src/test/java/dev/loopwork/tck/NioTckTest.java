package dev.loopwork.tck;

import dev.loopwork.nio.NioLoopProvider;
import dev.loopwork.spi.LoopProvider;

/** The whole kit on the embedded NIO loop, which implements {@code fakePollIn}. */
class NioTckTest extends LoopTck {

    @Override
    protected LoopProvider provider() {
        return new NioLoopProvider();
    }

    @Override
    protected FakePollInExpectation fakePollIn() {
        return FakePollInExpectation.USED;
    }
}
