package dev.loopwork.reliability;

import dev.loopwork.iouring.IoUringManualLoopProvider;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.tck.faults.FaultTck;
import org.junit.jupiter.api.BeforeEach;

/** The fault kit on the {@code "io_uring-manual"} loop (loops run by plain threads); see {@link IoUringFaultTckTest}. */
class IoUringManualFaultTckTest extends FaultTck {

    @BeforeEach
    void ioUringRunsHere() {
        Transports.assumeAvailable(IoUringManualLoopProvider.NAME);
    }

    @Override
    protected LoopProvider provider() {
        return new IoUringManualLoopProvider();
    }
}
