package dev.loopwork.example;

import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.spi.Sockets;
import dev.loopwork.spi.jdk.JdkSockets;

import java.util.Objects;
import java.util.Optional;

/**
 * What the four example providers share: JDK sockets (so the loops only supply readiness, tasks and
 * timers), availability everywhere a JDK selector works, and a negative priority so that
 * {@code loopwork.transport=auto} never picks them; they are chosen by name or handed to the
 * group builder.
 */
abstract class ExampleProvider implements LoopProvider {

    /** Below zero: {@code auto} skips the examples. */
    static final int PRIORITY = -100;

    private final String name;

    ExampleProvider(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int priority() {
        return PRIORITY;
    }

    /** A JDK {@link java.nio.channels.Selector} is all these loops need: always available. */
    @Override
    public final boolean isAvailable() {
        return true;
    }

    @Override
    public final Optional<Throwable> unavailabilityCause() {
        return Optional.empty();
    }

    @Override
    public final Sockets sockets() {
        return JdkSockets.instance();
    }

    @Override
    public abstract LoopOps newLoop(LoopConfig config);

    @Override
    public String toString() {
        return getClass().getSimpleName() + '{' + name + ", priority " + PRIORITY + '}';
    }
}
