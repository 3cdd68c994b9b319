package dev.loopwork.spi;

import java.util.Optional;

/**
 * A transport: found by {@link java.util.ServiceLoader} (declare it in
 * {@code META-INF/services/dev.loopwork.spi.LoopProvider} and in {@code module-info} with
 * {@code provides}), or handed to the group builder directly.
 *
 * <h2>Selection</h2>
 * {@code loopwork.transport=auto} picks the available provider with the highest
 * {@link #priority()}; a name picks that provider or fails, listing every provider and why it is
 * unavailable. Built-in priorities: epoll and kqueue 100, nio 10. A provider that should never be
 * picked automatically returns a negative priority: {@code auto} skips it even when it is the only
 * available one (then {@code auto} fails, naming it and how to pick it by name).
 *
 * <h2>Found by {@code ServiceLoader}</h2>
 * Made through the no-argument constructor, by code that knows only this interface. Every loop
 * {@link #newLoop} returns must then make progress on its own: a loop meant to be ticked by an
 * application's thread needs a provider that starts something to tick it (see {@link LoopOps},
 * "Who drives the loop").
 */
public interface LoopProvider {

    /** Short unique name, e.g. {@code "nio"}; what {@code loopwork.transport} matches. */
    String name();

    int priority();

    /** Whether this provider can run here (native library loaded, OS supported). */
    boolean isAvailable();

    /** Why {@link #isAvailable()} is false; empty when it is available. */
    Optional<Throwable> unavailabilityCause();

    /** Makes one loop. Groups are built from several. */
    LoopOps newLoop(LoopConfig config);

    /** The sockets this provider's loops can watch. */
    Sockets sockets();
}
