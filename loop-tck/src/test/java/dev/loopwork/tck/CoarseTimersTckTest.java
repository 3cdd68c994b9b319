package dev.loopwork.tck;

import dev.loopwork.spi.LoopProvider;

/**
 * The whole kit on NIO with timers on a 10 ms tick: legal by the SPI, so every case must pass
 * (see {@link MisbehavingLoops}).
 */
class CoarseTimersTckTest extends LoopTck {

    @Override
    protected LoopProvider provider() {
        return MisbehavingLoops.coarseTimers(10);
    }

    @Override
    protected FakePollInExpectation fakePollIn() {
        return FakePollInExpectation.USED;
    }
}
