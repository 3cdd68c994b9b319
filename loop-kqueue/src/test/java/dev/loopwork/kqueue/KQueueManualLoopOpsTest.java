package dev.loopwork.kqueue;

import dev.loopwork.nativeloop.testkit.NativeLoopOpsContract;
import dev.loopwork.spi.LoopProvider;
import io.netty.channel.kqueue.KQueue;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/** The {@code "kqueue-manual"} loop on dedicated threads against the shared contract; skipped without kqueue. */
class KQueueManualLoopOpsTest extends NativeLoopOpsContract {

    @BeforeAll
    static void requireKQueue() {
        Assumptions.assumeTrue(KQueue.isAvailable(), () -> "kqueue is not available here: " + KQueue.unavailabilityCause());
    }

    @Override
    protected LoopProvider provider() {
        return new KQueueManualLoopProvider();
    }
}
