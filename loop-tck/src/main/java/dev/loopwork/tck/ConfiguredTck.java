package dev.loopwork.tck;

import dev.loopwork.spi.LoopProvider;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The kit on a provider chosen at run time, for {@link Main}: the JUnit Platform launcher
 * instantiates this class, which reads what {@link Main} set.
 */
class ConfiguredTck extends LoopTck {

    /** What one run of {@link Main} asked for. */
    record Config(Supplier<LoopProvider> provider, FakePollInExpectation fakePollIn, int loops, int connections,
                  long largeTransferBytes) {
        Config {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(fakePollIn, "fakePollIn");
        }
    }

    static volatile Config config;

    private static Config config() {
        Config c = config;
        if (c == null) {
            throw new IllegalStateException("ConfiguredTck runs through dev.loopwork.tck.Main, which names the provider");
        }
        return c;
    }

    @Override
    protected LoopProvider provider() {
        return config().provider().get();
    }

    @Override
    protected FakePollInExpectation fakePollIn() {
        return config().fakePollIn();
    }

    @Override
    protected int loops() {
        return config().loops();
    }

    @Override
    protected int connections() {
        return config().connections();
    }

    @Override
    protected long largeTransferBytes() {
        return config().largeTransferBytes();
    }
}
