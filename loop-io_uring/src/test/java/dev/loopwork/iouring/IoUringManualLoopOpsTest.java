package dev.loopwork.iouring;

import dev.loopwork.nativeloop.testkit.NativeLoopOpsContract;
import dev.loopwork.spi.LoopProvider;

/**
 * The {@code "io_uring-manual"} loop, hosted on dedicated plain threads (what {@link java.util.ServiceLoader}
 * gets), against the same contract as the threaded loop.
 */
class IoUringManualLoopOpsTest extends NativeLoopOpsContract {

    @Override
    protected LoopProvider provider() {
        return new IoUringManualLoopProvider();
    }
}
