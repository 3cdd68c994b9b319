package dev.loopwork.example;

import dev.loopwork.spi.Registration;

/**
 * {@link ThreadLoop} with the optional {@link dev.loopwork.spi.LoopOps#fakePollIn} hook: the
 * registration is queued and gets a READ readiness on the next iteration, and the loop does not
 * block in {@code select} while such a fake is queued.
 */
public final class FakePollInThreadLoop extends ThreadLoop {

    private FakePollInThreadLoop(String name) {
        super(name);
    }

    /** A loop whose thread, named {@code name}, is already running. */
    public static FakePollInThreadLoop start(String name) {
        return startLoop(new FakePollInThreadLoop(name));
    }

    /**
     * Queues a READ readiness for {@code registration} on the next iteration.
     *
     * @throws dev.loopwork.WrongThreadException if not called on the loop thread
     * @throws IllegalArgumentException if the registration belongs to another loop
     * @return {@code false} only for a cancelled registration
     */
    @Override
    public boolean fakePollIn(Registration registration) {
        return queueFakePollIn(registration);
    }
}
