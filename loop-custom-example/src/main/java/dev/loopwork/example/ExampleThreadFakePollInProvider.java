package dev.loopwork.example;

import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;

/** Provider {@code example-thread-fakepollin}: {@link ThreadLoop}s, each on its own thread, with {@code fakePollIn}. */
public final class ExampleThreadFakePollInProvider extends ExampleProvider {

    public static final String NAME = "example-thread-fakepollin";

    public ExampleThreadFakePollInProvider() {
        super(NAME);
    }

    @Override
    public LoopOps newLoop(LoopConfig config) {
        return ThreadLoop.start(config.threadName(), true);
    }
}
