package dev.loopwork.example;

import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;

/** Provider {@code example-thread}: {@link ThreadLoop}s, each on its own thread, without {@code fakePollIn} (the core falls back to tasks). */
public final class ExampleThreadProvider extends ExampleProvider {

    public static final String NAME = "example-thread";

    public ExampleThreadProvider() {
        super(NAME);
    }

    @Override
    public LoopOps newLoop(LoopConfig config) {
        return ThreadLoop.start(config.threadName(), false);
    }
}
