package dev.loopwork.internal;

import dev.loopwork.BufferPool;
import dev.loopwork.ConnectionSetup;
import dev.loopwork.Loop;
import dev.loopwork.Stage;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The {@link ConnectionSetup} an initializer fills in; valid only during the initializer call. */
final class RealSetup implements ConnectionSetup {

    private final RealConnection connection;
    private final List<Stage> stages = new ArrayList<>(2);

    RealSetup(RealConnection connection) {
        this.connection = connection;
    }

    @Override
    public boolean isClient() {
        return connection.isClient();
    }

    @Override
    public InetSocketAddress localAddress() {
        return connection.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    @Override
    public Loop loop() {
        return connection.loop();
    }

    @Override
    public BufferPool buffers() {
        return connection.group().buffers();
    }

    @Override
    public ConnectionSetup addStage(Stage stage) {
        stages.add(Objects.requireNonNull(stage, "stage"));
        return this;
    }

    Stage[] stages() {
        return stages.toArray(new Stage[0]);
    }

    @Override
    public String toString() {
        return "Setup{" + connection + ", stages=" + stages + '}';
    }
}
