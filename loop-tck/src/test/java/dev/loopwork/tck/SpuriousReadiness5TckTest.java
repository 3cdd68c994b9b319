package dev.loopwork.tck;

import dev.loopwork.spi.LoopProvider;

/**
 * The whole kit on NIO with 5 % spurious readiness: legal by the SPI, so every case must pass
 * (see {@link MisbehavingLoops}).
 */
class SpuriousReadiness5TckTest extends LoopTck {

    @Override
    protected LoopProvider provider() {
        return MisbehavingLoops.spurious(0.05);
    }

    @Override
    protected FakePollInExpectation fakePollIn() {
        return FakePollInExpectation.USED;
    }
}
