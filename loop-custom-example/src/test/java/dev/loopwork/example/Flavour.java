package dev.loopwork.example;

import dev.loopwork.spi.LoopProvider;

import java.util.function.Supplier;

/** The four example loops, for parameterised tests. */
enum Flavour {
    THREAD(ExampleThreadProvider::new, false, false),
    THREAD_FAKEPOLLIN(ExampleThreadFakePollInProvider::new, false, true),
    TICK(ExampleTickProvider::new, true, false),
    TICK_FAKEPOLLIN(ExampleTickFakePollInProvider::new, true, true);

    private final Supplier<LoopProvider> provider;
    final boolean ticked;
    final boolean fakes;

    Flavour(Supplier<LoopProvider> provider, boolean ticked, boolean fakes) {
        this.provider = provider;
        this.ticked = ticked;
        this.fakes = fakes;
    }

    LoopProvider provider() {
        return provider.get();
    }
}
