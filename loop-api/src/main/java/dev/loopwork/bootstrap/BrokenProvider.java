package dev.loopwork.bootstrap;

import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.spi.Sockets;

import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands for a {@code META-INF/services} entry that could not be loaded, so that the diagnostics can
 * list it with its cause. Never available, never picked by {@code auto}.
 */
final class BrokenProvider implements LoopProvider {

    private static final Pattern PROVIDER = Pattern.compile("Provider (\\S+)");

    private final ServiceConfigurationError error;
    private final String name;

    BrokenProvider(ServiceConfigurationError error) {
        this.error = error;
        Matcher m = PROVIDER.matcher(String.valueOf(error.getMessage()));
        this.name = m.find() ? "broken:" + m.group(1) : "broken:" + error.getMessage();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int priority() {
        return Integer.MIN_VALUE;
    }

    @Override
    public boolean isAvailable() {
        return false;
    }

    @Override
    public Optional<Throwable> unavailabilityCause() {
        return Optional.of(error);
    }

    @Override
    public LoopOps newLoop(LoopConfig config) {
        throw new IllegalStateException(name + " could not be loaded", error);
    }

    @Override
    public Sockets sockets() {
        throw new IllegalStateException(name + " could not be loaded", error);
    }
}
