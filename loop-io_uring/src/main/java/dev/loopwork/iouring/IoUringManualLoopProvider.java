package dev.loopwork.iouring;

import dev.loopwork.nativeloop.ManualLoopHost;
import dev.loopwork.nativeloop.glue.NativeLoopProvider;

import java.util.Objects;

/**
 * The {@code "io_uring-manual"} transport: the same io_uring loop as {@link IoUringLoopProvider}, over Netty's
 * {@code ManualIoEventLoop}, run by a thread of the application instead of a thread of its own.
 *
 * <h2>Hosting</h2>
 * Each loop the group asks for is handed, as a {@link dev.loopwork.nativeloop.ManualLoop}, to the
 * {@link ManualLoopHost} given to the constructor; the application's thread then calls
 * {@code run(...)} on it (see {@link ManualLoopHost} for an example). Found by
 * {@link java.util.ServiceLoader}, or built with no host, it uses
 * {@link ManualLoopHost#dedicatedThreads()}, so that it runs anywhere a provider is expected.
 *
 * <h2>Selection</h2>
 * Priority {@value #PRIORITY}: never picked by {@code auto}, only by name or by passing an instance.
 */
public final class IoUringManualLoopProvider extends NativeLoopProvider {

    public static final String NAME = "io_uring-manual";
    public static final int PRIORITY = -1;

    /** Hosts every loop on a dedicated plain thread ({@link ManualLoopHost#dedicatedThreads()}). */
    public IoUringManualLoopProvider() {
        this(ManualLoopHost.dedicatedThreads());
    }

    /** Hands every loop to {@code host}, which makes the application's threads run it. */
    public IoUringManualLoopProvider(ManualLoopHost host) {
        super(NAME, PRIORITY, IoUringAvailability::isAvailable, IoUringAvailability::cause, IoUringBackend::instance,
                Objects.requireNonNull(host, "host"));
    }
}
