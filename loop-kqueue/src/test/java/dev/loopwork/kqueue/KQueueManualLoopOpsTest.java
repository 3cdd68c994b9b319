package dev.loopwork.kqueue;

import dev.loopwork.nativeloop.testkit.NativeLoopOpsContract;
import dev.loopwork.spi.LoopProvider;
import org.junit.jupiter.api.BeforeAll;

/** The {@code "kqueue-manual"} loop on dedicated threads against the shared contract; skipped without kqueue. */
class KQueueManualLoopOpsTest extends NativeLoopOpsContract {

    @BeforeAll
    static void requireKQueue() {
        KQueueAssumptions.requireKQueue();
    }

    @Override
    protected LoopProvider provider() {
        return new KQueueManualLoopProvider();
    }
}
