package dev.loopwork.nativeloop.glue;

import dev.loopwork.TransportUnavailableException;
import dev.loopwork.nativeloop.ManualLoopHost;
import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.Sockets;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What a native {@link dev.loopwork.spi.LoopProvider} does, for the transports' providers to delegate to.
 *
 * <h2>Availability</h2>
 * Asked of Netty each time ({@code Epoll.isAvailable()}, ...), which only loads the native library
 * once. The backend is only touched once the transport is available, so that a provider can be
 * listed, and report why it cannot run, on any OS.
 */
public final class NativeProviderSupport {

    private final String name;
    private final int priority;
    private final BooleanSupplier available;
    private final Supplier<Throwable> cause;
    private final Supplier<NativeBackend> backend;
    private final ManualLoopHost host;

    /**
     * @param backend called only once available; should return one shared backend
     * @param host    {@code null} for loops on their own threads, else where manual loops go
     */
    public NativeProviderSupport(String name, int priority, BooleanSupplier available, Supplier<Throwable> cause,
                                 Supplier<NativeBackend> backend, ManualLoopHost host) {
        this.name = Objects.requireNonNull(name, "name");
        this.priority = priority;
        this.available = Objects.requireNonNull(available, "available");
        this.cause = Objects.requireNonNull(cause, "cause");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.host = host;
    }

    public String name() {
        return name;
    }

    public int priority() {
        return priority;
    }

    public boolean isAvailable() {
        return available.getAsBoolean();
    }

    /**
     * Empty when available; else a {@link TransportUnavailableException} that says in one line why
     * (Netty's own cause is often a bare {@code ExceptionInInitializerError}; the reason is deeper in
     * its chain) and has Netty's cause, unchanged, as its cause.
     */
    public Optional<Throwable> unavailabilityCause() {
        if (isAvailable()) {
            return Optional.empty();
        }
        Throwable netty = cause.get();
        return Optional.of(new TransportUnavailableException(unavailableMessage(), netty));
    }

    private String unavailableMessage() {
        return "transport '" + name + "' is not available here: " + reason(cause.get());
    }

    /** The most specific message in {@code t}'s cause chain. */
    static String reason(Throwable t) {
        if (t == null) {
            return "no cause given";
        }
        String best = t.toString();
        for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                best = c.getClass().getSimpleName() + ": " + c.getMessage();
            }
        }
        return best;
    }

    public LoopOps newLoop(LoopConfig config) {
        Objects.requireNonNull(config, "config");
        NativeBackend b = requireBackend("newLoop");
        return host == null ? NativeLoops.threaded(b, config) : NativeLoops.manual(b, config, host);
    }

    public Sockets sockets() {
        return requireBackend("sockets").sockets();
    }

    private NativeBackend requireBackend(String what) {
        if (!isAvailable()) {
            throw new TransportUnavailableException(unavailableMessage() + " (" + what + ")", cause.get());
        }
        return backend.get();
    }

    @Override
    public String toString() {
        return name + " (priority " + priority + ", " + (isAvailable() ? "available" : "unavailable")
                + (host != null ? ", manual loops hosted by " + host : "") + ')';
    }
}
