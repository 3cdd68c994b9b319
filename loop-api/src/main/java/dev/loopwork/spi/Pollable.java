package dev.loopwork.spi;

import java.io.Closeable;
import java.net.InetSocketAddress;

/**
 * Something a loop can watch for readiness: a connected socket ({@link NetSocket}) or a listening
 * one ({@link NetListener}). A loop only watches the kind of pollable its provider's
 * {@link Sockets} make; {@link #unwrap} gives it the OS handle it needs.
 */
public interface Pollable extends Closeable {

    boolean isOpen();

    InetSocketAddress localAddress();

    /**
     * The underlying handle as {@code type} (for JDK sockets a {@link java.nio.channels.SelectableChannel}),
     * or {@code null} if this pollable has no such handle.
     */
    <T> T unwrap(Class<T> type);

    /** Closes the socket. Idempotent. Cancel its {@link Registration} first. */
    @Override
    void close();
}
