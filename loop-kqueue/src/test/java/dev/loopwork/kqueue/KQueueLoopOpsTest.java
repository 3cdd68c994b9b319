package dev.loopwork.kqueue;

import dev.loopwork.nativeloop.testkit.NativeLoopOpsContract;
import dev.loopwork.spi.LoopProvider;
import org.junit.jupiter.api.BeforeAll;

/** The {@code "kqueue"} loop against the shared native-loop contract; skipped where kqueue is unavailable. */
class KQueueLoopOpsTest extends NativeLoopOpsContract {

    @BeforeAll
    static void requireKQueue() {
        KQueueAssumptions.requireKQueue();
    }

    @Override
    protected LoopProvider provider() {
        return new KQueueLoopProvider();
    }
}
