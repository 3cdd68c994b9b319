package dev.loopwork.example;

import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Provider {@code example-tick-fakepollin}: {@link FakePollInTickLoop}s, driven by somebody's
 * {@code tick()}, with {@code fakePollIn}. Who ticks: see {@link ExampleTickProvider}.
 */
public final class ExampleTickFakePollInProvider extends ExampleProvider {

    public static final String NAME = "example-tick-fakepollin";

    private final Consumer<? super TickLoop> host;

    /** Each loop is ticked by a {@link TickHost} thread named after the loop. */
    public ExampleTickFakePollInProvider() {
        this(TickHost::start);
    }

    /** Each new loop is handed to {@code host}, which must see to it that the loop is ticked. */
    public ExampleTickFakePollInProvider(Consumer<? super TickLoop> host) {
        super(NAME);
        this.host = Objects.requireNonNull(host, "host");
    }

    @Override
    public LoopOps newLoop(LoopConfig config) {
        FakePollInTickLoop loop = FakePollInTickLoop.create(config.threadName());
        host.accept(loop);
        return loop;
    }
}
