package dev.loopwork.reliability;

import dev.loopwork.iouring.IoUringLoopProvider;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.tck.faults.FaultTck;
import org.junit.jupiter.api.BeforeEach;

/**
 * The fault kit (loop-tck's {@link FaultTck}) on the {@code "io_uring"} loop. The other loops run it
 * in their own modules; io_uring's runs here, next to the suite's other io_uring scenarios, and is
 * skipped with the provider's reason where the kernel or a seccomp filter refuses io_uring.
 */
class IoUringFaultTckTest extends FaultTck {

    @BeforeEach
    void ioUringRunsHere() {
        Transports.assumeAvailable(IoUringLoopProvider.NAME);
    }

    @Override
    protected LoopProvider provider() {
        return new IoUringLoopProvider();
    }
}
