package dev.loopwork;

import java.net.InetSocketAddress;

/**
 * What a {@link ConnectionInitializer} sees of a connection before its first byte moves: where it
 * goes, which loop it is on, and where stages are added.
 */
public interface ConnectionSetup {

    /** {@code true} for a connection this process opened, {@code false} for an accepted one. */
    boolean isClient();

    InetSocketAddress localAddress();

    InetSocketAddress remoteAddress();

    Loop loop();

    /** The pool the connection's buffers come from; stages may borrow from it too. */
    BufferPool buffers();

    /**
     * Adds a stage above those added before: the first stage added sits next to the socket
     * (e.g. TLS), the last next to the handler.
     */
    ConnectionSetup addStage(Stage stage);
}
