package dev.loopwork.iouring;

import dev.loopwork.spi.LoopProvider;
import dev.loopwork.tck.FakePollInExpectation;
import dev.loopwork.tck.LoopTck;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole conformance kit on the {@code "io_uring-manual"} loop, each loop run by a plain thread that is
 * not Netty's ({@link dev.loopwork.nativeloop.ManualLoopHost#dedicatedThreads()}).
 */
class IoUringManualTckTest extends LoopTck {

    @RegisterExtension
    final RingDescriptorCheck rings = new RingDescriptorCheck();

    @Override
    protected LoopProvider provider() {
        return new IoUringManualLoopProvider();
    }

    @Override
    protected FakePollInExpectation fakePollIn() {
        return FakePollInExpectation.USED;
    }
}
