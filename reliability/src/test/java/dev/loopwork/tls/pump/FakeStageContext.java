package dev.loopwork.tls.pump;

// A copy of the tls module's test harness (tls/src/test/java/dev/loopwork/tls/pump) for the TLS record
// fuzz target of this suite: test classes of another module are not on this class path. Keep in step.

import dev.loopwork.BufferPool;
import dev.loopwork.Connection;
import dev.loopwork.StageContext;

import java.util.ArrayList;
import java.util.List;

/** A {@link StageContext} that records what the stage asked for. */
public final class FakeStageContext implements StageContext {

    private final FakeConnection connection;
    private final boolean client;
    private final List<Throwable> failures = new ArrayList<>();
    private int driveRequests;

    public FakeStageContext(FakeConnection connection, boolean client) {
        this.connection = connection;
        this.client = client;
    }

    @Override
    public Connection connection() {
        return connection;
    }

    @Override
    public boolean isClient() {
        return client;
    }

    @Override
    public BufferPool buffers() {
        throw new UnsupportedOperationException("the TLS stage borrows no buffers");
    }

    @Override
    public void requestDrive() {
        driveRequests++;
    }

    @Override
    public void fail(Throwable cause) {
        failures.add(cause);
    }

    public List<Throwable> failures() {
        return failures;
    }

    public int driveRequests() {
        return driveRequests;
    }
}
