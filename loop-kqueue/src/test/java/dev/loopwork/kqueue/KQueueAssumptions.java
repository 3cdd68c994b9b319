package dev.loopwork.kqueue;

import io.netty.channel.kqueue.KQueue;
import org.junit.jupiter.api.Assumptions;

/** Skips a test class, saying why, where Netty's kqueue library does not load (Linux, Windows). */
final class KQueueAssumptions {

    private KQueueAssumptions() {
    }

    static void requireKQueue() {
        Assumptions.assumeTrue(KQueue.isAvailable(), () -> new KQueueLoopProvider().unavailabilityCause()
                .map(Throwable::getMessage).orElse("kqueue is not available here"));
    }
}
