package dev.loopwork.iouring;

import dev.loopwork.spi.LoopProvider;
import dev.loopwork.tck.FakePollInExpectation;
import dev.loopwork.tck.LoopTck;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole conformance kit on the {@code "io_uring"} loop, which implements {@code fakePollIn} natively. */
class IoUringTckTest extends LoopTck {

    @RegisterExtension
    final RingDescriptorCheck rings = new RingDescriptorCheck();

    @Override
    protected LoopProvider provider() {
        return new IoUringLoopProvider();
    }

    @Override
    protected FakePollInExpectation fakePollIn() {
        return FakePollInExpectation.USED;
    }
}
