package dev.loopwork.epoll;

import dev.loopwork.nativeloop.testkit.NativeLoopOpsContract;
import dev.loopwork.spi.LoopProvider;

/**
 * The {@code "epoll-manual"} loop, hosted on dedicated plain threads (what {@link java.util.ServiceLoader}
 * gets), against the same contract as the threaded loop.
 */
class EpollManualLoopOpsTest extends NativeLoopOpsContract {

    @Override
    protected LoopProvider provider() {
        return new EpollManualLoopProvider();
    }
}
