package dev.loopwork.internal;

import dev.loopwork.Connection;
import dev.loopwork.ConnectionHandler;

import java.nio.ByteBuffer;

/** The handler callbacks the core makes, so that one place runs them and catches what they throw. */
enum HandlerCall {
    OPEN, DATA, WRITABLE, INPUT_SHUTDOWN, SHUTDOWN;

    /** Runs this callback; returns what it threw, or {@code null}. */
    Throwable invoke(ConnectionHandler handler, Connection connection, ByteBuffer data) {
        try {
            switch (this) {
                case OPEN:
                    handler.onOpen(connection);
                    break;
                case DATA:
                    handler.onData(connection, data);
                    break;
                case WRITABLE:
                    handler.onWritable(connection);
                    break;
                case INPUT_SHUTDOWN:
                    handler.onInputShutdown(connection);
                    break;
                default:
                    handler.onShutdown(connection);
                    break;
            }
            return null;
        } catch (Throwable t) {
            return t;
        }
    }
}
