package dev.loopwork.kqueue;

import dev.loopwork.nativeloop.testkit.NativeLoopOpsContract;
import dev.loopwork.spi.LoopProvider;
import io.netty.channel.kqueue.KQueue;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/** The {@code "kqueue"} loop against the shared native-loop contract; skipped where kqueue is unavailable. */
class KQueueLoopOpsTest extends NativeLoopOpsContract {

    @BeforeAll
    static void requireKQueue() {
        Assumptions.assumeTrue(KQueue.isAvailable(), () -> "kqueue is not available here: " + KQueue.unavailabilityCause());
    }

    @Override
    protected LoopProvider provider() {
        return new KQueueLoopProvider();
    }
}
