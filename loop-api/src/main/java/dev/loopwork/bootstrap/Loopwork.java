package dev.loopwork.bootstrap;

import dev.loopwork.spi.LoopProvider;

import java.util.List;

/**
 * Where applications start: build loop groups, see which transports exist here.
 *
 * <pre>{@code
 * try (LoopGroup group = Loopwork.group().loops(2).build()) {        // auto-selected transport
 *     Server server = group.listen(new InetSocketAddress("127.0.0.1", 8080), setup -> new Echo());
 *     ...
 * }
 * }</pre>
 */
public final class Loopwork {

    /** System property naming the transport: {@code auto} (default) or a provider name. */
    public static final String TRANSPORT_PROPERTY = "loopwork.transport";

    /** Environment variable used when the system property is not set. */
    public static final String TRANSPORT_ENV = "LOOPWORK_TRANSPORT";

    private Loopwork() {
    }

    /** A builder for a loop group; the transport defaults to {@link #TRANSPORT_PROPERTY}. */
    public static GroupBuilder group() {
        return new GroupBuilder();
    }

    /** Every provider found by {@link java.util.ServiceLoader}, with its availability. */
    public static List<ProviderStatus> providers() {
        return TransportSelector.discover();
    }

    /**
     * The provider {@code name} selects: {@code "auto"} or a provider's name.
     *
     * @throws dev.loopwork.TransportUnavailableException if that provider is missing or
     *         unavailable; the message lists every provider and why
     */
    public static LoopProvider selectProvider(String name) {
        return TransportSelector.select(name, TransportSelector.discoverProviders());
    }

    /** The transport name configured by system property or environment, {@code "auto"} if neither. */
    public static String configuredTransport() {
        String name = System.getProperty(TRANSPORT_PROPERTY);
        if (name == null || name.isBlank()) {
            name = System.getenv(TRANSPORT_ENV);
        }
        return name == null || name.isBlank() ? "auto" : name.trim();
    }
}
