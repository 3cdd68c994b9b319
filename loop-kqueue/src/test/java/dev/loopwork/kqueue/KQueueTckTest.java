package dev.loopwork.kqueue;

import dev.loopwork.spi.LoopProvider;
import dev.loopwork.tck.FakePollInExpectation;
import dev.loopwork.tck.LoopTck;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole conformance kit on the {@code "kqueue"} loop. Runs where Netty's kqueue library loads
 * (macOS); elsewhere every case is skipped with Netty's reason.
 */
class KQueueTckTest extends LoopTck {

    @BeforeAll
    static void requireKQueue() {
        KQueueAssumptions.requireKQueue();
    }

    @Override
    protected LoopProvider provider() {
        return new KQueueLoopProvider();
    }

    @Override
    protected FakePollInExpectation fakePollIn() {
        return FakePollInExpectation.USED;
    }
}
