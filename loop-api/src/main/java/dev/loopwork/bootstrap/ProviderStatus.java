package dev.loopwork.bootstrap;

import dev.loopwork.spi.LoopProvider;

import java.util.Optional;

/** One provider as discovery saw it: name, priority, and whether (and why not) it can run here. */
public final class ProviderStatus {

    private final LoopProvider provider;
    private final boolean available;
    private final Throwable cause;

    ProviderStatus(LoopProvider provider) {
        this.provider = provider;
        boolean ok;
        Throwable why;
        try {
            ok = provider.isAvailable();
            why = ok ? null : provider.unavailabilityCause().orElse(null);
        } catch (RuntimeException | LinkageError e) {
            ok = false;
            why = e;
        }
        this.available = ok;
        this.cause = why;
    }

    public LoopProvider provider() {
        return provider;
    }

    public String name() {
        return provider.name();
    }

    public int priority() {
        return provider.priority();
    }

    public boolean isAvailable() {
        return available;
    }

    public Optional<Throwable> unavailabilityCause() {
        return Optional.ofNullable(cause);
    }

    /** One line: {@code epoll (priority 100): available} or {@code kqueue (priority 100): unavailable - <cause>}. */
    @Override
    public String toString() {
        return name() + " (priority " + priority() + "): "
                + (available ? "available" : "unavailable - " + describe(cause));
    }

    /** The cause and, when it only wraps another (an ExceptionInInitializerError, ...), the root's message too. */
    static String describe(Throwable cause) {
        if (cause == null) {
            return "no cause given";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == cause ? cause.toString() : cause + " (root cause: " + root + ")";
    }
}
