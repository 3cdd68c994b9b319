package dev.loopwork.kqueue;

import dev.loopwork.spi.LoopProvider;
import dev.loopwork.tck.FakePollInExpectation;
import dev.loopwork.tck.LoopTck;
import org.junit.jupiter.api.BeforeAll;

/** The whole conformance kit on the {@code "kqueue-manual"} loop; skipped with Netty's reason without kqueue. */
class KQueueManualTckTest extends LoopTck {

    @BeforeAll
    static void requireKQueue() {
        KQueueAssumptions.requireKQueue();
    }

    @Override
    protected LoopProvider provider() {
        return new KQueueManualLoopProvider();
    }

    @Override
    protected FakePollInExpectation fakePollIn() {
        return FakePollInExpectation.USED;
    }
}
