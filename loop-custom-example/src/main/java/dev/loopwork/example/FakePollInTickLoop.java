package dev.loopwork.example;

import dev.loopwork.spi.Registration;

/**
 * {@link TickLoop} with the optional {@link dev.loopwork.spi.LoopOps#fakePollIn} hook: the
 * registration is queued and gets a READ readiness in the next {@link #tick()}.
 */
public final class FakePollInTickLoop extends TickLoop {

    private FakePollInTickLoop(String name) {
        super(name);
    }

    /** A loop that does nothing until somebody calls {@link #tick()}. */
    public static FakePollInTickLoop create(String name) {
        return new FakePollInTickLoop(name);
    }

    /**
     * Queues a READ readiness for {@code registration} in the next tick.
     *
     * @throws dev.loopwork.WrongThreadException if not called while ticking, on the ticking thread
     * @throws IllegalArgumentException if the registration belongs to another loop
     * @return {@code false} only for a cancelled registration
     */
    @Override
    public boolean fakePollIn(Registration registration) {
        return queueFakePollIn(registration);
    }
}
