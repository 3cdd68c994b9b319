package dev.loopwork.nio;

import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.spi.Sockets;
import dev.loopwork.spi.jdk.JdkSockets;

import java.util.Optional;

/**
 * The {@code nio} transport: one {@link java.nio.channels.Selector} per loop, JDK sockets. Always
 * available; priority 10, so native transports win {@code auto} where they run.
 */
public final class NioLoopProvider implements LoopProvider {

    public static final String NAME = "nio";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public Optional<Throwable> unavailabilityCause() {
        return Optional.empty();
    }

    @Override
    public LoopOps newLoop(LoopConfig config) {
        return NioLoop.start(config);
    }

    @Override
    public Sockets sockets() {
        return JdkSockets.instance();
    }

    @Override
    public String toString() {
        return "NioLoopProvider";
    }
}
