package dev.loopwork.example;

import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Provider {@code example-tick}: {@link TickLoop}s, driven by somebody's {@code tick()}, without
 * {@code fakePollIn}.
 *
 * <h2>Who ticks</h2>
 * Every new loop is handed to {@code host}. Found by {@link java.util.ServiceLoader} (no-argument
 * constructor), the host is a {@link TickHost}: a thread that imitates an application's frame loop.
 * An application that owns its frame loop passes its own host, e.g. {@code loops::add}, and ticks
 * the loops it collects.
 */
public final class ExampleTickProvider extends ExampleProvider {

    public static final String NAME = "example-tick";

    private final Consumer<? super TickLoop> host;

    /** Each loop is ticked by a {@link TickHost} thread named after the loop. */
    public ExampleTickProvider() {
        this(TickHost::start);
    }

    /** Each new loop is handed to {@code host}, which must see to it that the loop is ticked. */
    public ExampleTickProvider(Consumer<? super TickLoop> host) {
        super(NAME);
        this.host = Objects.requireNonNull(host, "host");
    }

    @Override
    public LoopOps newLoop(LoopConfig config) {
        TickLoop loop = TickLoop.create(config.threadName());
        host.accept(loop);
        return loop;
    }
}
