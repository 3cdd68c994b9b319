package dev.loopwork.spi;

import dev.loopwork.SocketOptions;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Makes the sockets a provider's loops can watch. loop-api ships one over JDK channels
 * ({@link dev.loopwork.spi.jdk.JdkSockets}), so a loop built on a {@link java.nio.channels.Selector}
 * only has to supply readiness, tasks and timers.
 */
public interface Sockets {

    /**
     * Binds and listens on {@code address}.
     *
     * @throws java.net.BindException if the address is in use
     */
    NetListener listen(InetSocketAddress address, SocketOptions options) throws IOException;

    /**
     * Starts a non-blocking connect to {@code address}. Register the socket for
     * {@link Interest#WRITE} and call {@link NetSocket#finishConnect()} when it is ready; the loop
     * reports WRITE once the connect has finished (a JDK-selector loop watches {@code OP_CONNECT}
     * for it, not {@code OP_WRITE}: see {@link Registration}, "Connecting sockets").
     */
    NetSocket connect(InetSocketAddress address, SocketOptions options) throws IOException;

    /**
     * Whether several listeners may bind the same address (SO_REUSEPORT) so that each loop
     * accepts for itself.
     */
    default boolean supportsReusePort() {
        return false;
    }
}
