package dev.loopwork.tls.pump;

// A copy of the tls module's test harness (tls/src/test/java/dev/loopwork/tls/pump) for the TLS record
// fuzz target of this suite: test classes of another module are not on this class path. Keep in step.

import dev.loopwork.Connection;
import dev.loopwork.Loop;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The part of a {@link Connection} a stage may touch (loop, attributes, addresses) for in-memory
 * tests. Byte-moving methods are the pump's job and are refused here.
 */
public final class FakeConnection implements Connection {

    private final FakeLoop loop;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final Map<String, Object> attributes = new HashMap<>();

    public FakeConnection(FakeLoop loop, InetSocketAddress local, InetSocketAddress remote) {
        this.loop = loop;
        this.local = local;
        this.remote = remote;
    }

    @Override
    public long id() {
        return 1;
    }

    @Override
    public Loop loop() {
        return loop;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public Object attribute(String key) {
        return attributes.get(key);
    }

    @Override
    public Object attribute(String key, Object value) {
        return value == null ? attributes.remove(key) : attributes.put(key, value);
    }

    @Override
    public boolean write(ByteBuffer... data) {
        throw new UnsupportedOperationException("the pump moves bytes, not the fake connection");
    }

    @Override
    public boolean isWritable() {
        return true;
    }

    @Override
    public long pendingWriteBytes() {
        return 0;
    }

    @Override
    public void pauseReading() {
        throw new UnsupportedOperationException("pause through the pump");
    }

    @Override
    public void resumeReading() {
        throw new UnsupportedOperationException("resume through the pump");
    }

    @Override
    public boolean isReadingPaused() {
        return false;
    }

    @Override
    public void shutdownOutput() {
        throw new UnsupportedOperationException("shut output through the pump");
    }

    @Override
    public CompletionStage<Void> close() {
        throw new UnsupportedOperationException("close through the pump");
    }

    @Override
    public void abort() {
        throw new UnsupportedOperationException("abort through the pump");
    }

    @Override
    public CompletionStage<Void> closeFuture() {
        throw new UnsupportedOperationException("no close future in the pump");
    }

    @Override
    public boolean isOpen() {
        return true;
    }
}
