package dev.loopwork.example;

import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Provider {@code example-tick-fakepollin}: {@link TickLoop}s with {@code fakePollIn}, driven by somebody's {@code tick()}.
 * Found by {@code ServiceLoader} (no-argument constructor), each loop gets a {@link TickHost} thread;
 * an application that owns its frame loop passes its own host, e.g. {@code loops::add}, and ticks them.
 */
public final class ExampleTickFakePollInProvider extends ExampleProvider {

    public static final String NAME = "example-tick-fakepollin";

    private final Consumer<? super TickLoop> host;

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
        TickLoop loop = TickLoop.create(config.threadName(), true);
        host.accept(loop);
        return loop;
    }
}
