package dev.loopwork.internal;

import dev.loopwork.BufferPool;
import dev.loopwork.Connection;
import dev.loopwork.StageContext;

import java.util.Objects;

/** What stages see of their connection. */
final class RealStageContext implements StageContext {

    private final RealConnection connection;

    RealStageContext(RealConnection connection) {
        this.connection = connection;
    }

    @Override
    public Connection connection() {
        return connection;
    }

    @Override
    public boolean isClient() {
        return connection.isClient();
    }

    @Override
    public BufferPool buffers() {
        return connection.group().buffers();
    }

    @Override
    public void requestDrive() {
        connection.requestDrive();
    }

    @Override
    public void fail(Throwable cause) {
        Objects.requireNonNull(cause, "cause");
        if (!connection.loop().inLoop()) {
            throw new dev.loopwork.WrongThreadException("StageContext.fail must run on " + connection.loop()
                    + ", not on " + Thread.currentThread().getName());
        }
        connection.fail(cause);
    }

    @Override
    public String toString() {
        return "StageContext{" + connection + '}';
    }
}
