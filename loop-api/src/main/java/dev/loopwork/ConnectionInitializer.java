package dev.loopwork;

/**
 * Sets up each new connection of a server or client: adds its stages and returns its handler.
 * Runs on the connection's loop thread. An exception (or a {@code null} handler) aborts that
 * connection alone and is logged.
 */
@FunctionalInterface
public interface ConnectionInitializer {

    ConnectionHandler initialize(ConnectionSetup setup) throws Exception;
}
