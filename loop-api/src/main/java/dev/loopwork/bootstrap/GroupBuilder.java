package dev.loopwork.bootstrap;

import dev.loopwork.ConnectionOptions;
import dev.loopwork.LoopGroup;
import dev.loopwork.internal.RealLoopGroup;
import dev.loopwork.spi.LoopProvider;

import java.util.Objects;

/** Builds a {@link LoopGroup}. Not thread-safe; build once per group. */
public final class GroupBuilder {

    private String transport;
    private LoopProvider provider;
    private int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
    private ConnectionOptions options = ConnectionOptions.defaults();
    private String name;

    GroupBuilder() {
    }

    /** Selects the transport by name ({@code "auto"} or a provider's name); default: {@link Loopwork#configuredTransport()}. */
    public GroupBuilder transport(String name) {
        this.transport = Objects.requireNonNull(name, "transport");
        this.provider = null;
        return this;
    }

    /** Uses {@code provider} directly, whether or not {@link java.util.ServiceLoader} can see it. */
    public GroupBuilder provider(LoopProvider provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.transport = null;
        return this;
    }

    /** Number of loops (threads); default: the number of processors. */
    public GroupBuilder loops(int count) {
        if (count < 1 || count > 4096) {
            throw new IllegalArgumentException("loops must be between 1 and 4096, was " + count);
        }
        this.loops = count;
        return this;
    }

    public GroupBuilder options(ConnectionOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        return this;
    }

    /** A name for the group's threads and logs; default: the transport's name and a number. */
    public GroupBuilder name(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    /**
     * Selects the provider and starts the loops.
     *
     * @throws dev.loopwork.TransportUnavailableException if the transport asked for cannot run here
     */
    public LoopGroup build() {
        LoopProvider p = provider;
        if (p == null) {
            p = Loopwork.selectProvider(transport != null ? transport : Loopwork.configuredTransport());
        } else if (!p.isAvailable()) {
            throw new dev.loopwork.TransportUnavailableException("transport '" + p.name() + "' is not available here",
                    p.unavailabilityCause().orElse(null));
        }
        return new RealLoopGroup(p, loops, options, name);
    }
}
