package dev.loopwork.bench.jmh;

import dev.loopwork.BufferPool;
import dev.loopwork.Connection;
import dev.loopwork.ConnectionHandler;
import dev.loopwork.ConnectionSetup;
import dev.loopwork.Loop;
import dev.loopwork.Stage;
import dev.loopwork.StageContext;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Just enough of a connection to run a handler or a stage without a socket, on the benchmark's
 * thread: writes are counted and dropped, pause and resume are flags, and {@link #feed} delivers
 * bytes the way the core does (what the handler leaves is offered again, first, once it reads).
 */
final class FakeConnection implements Connection {

    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 8080);
    private static final InetSocketAddress REMOTE = new InetSocketAddress("127.0.0.1", 50000);

    final FakeLoop loop = new FakeLoop();
    private final Map<String, Object> attributes = new HashMap<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private boolean paused;
    private boolean open = true;
    long written;

    /**
     * Delivers {@code data} to {@code handler} in reads of {@code read} bytes, as the core would:
     * bytes the handler leaves are offered again, first, with the next read's bytes appended.
     */
    void feed(ConnectionHandler handler, ByteBuffer data, int read) throws Exception {
        int end = data.limit();
        int extra = 0;
        while (open && data.position() < end) {
            data.limit(Math.min(end, data.position() + read + extra));
            int before = data.position();
            if (!paused) {
                handler.onData(this, data);
            }
            boolean ranTasks = loop.runTasks();
            if (data.position() == before && !ranTasks) {
                if (paused) {
                    throw new IllegalStateException("the handler paused reading and nothing resumes it");
                }
                if (data.limit() == end) {
                    break; // a partial unit at the very end: it waits for bytes that will not come
                }
                extra += read;
            } else {
                extra = 0;
            }
        }
        data.limit(end);
        loop.runTasks();
    }

    ConnectionSetup setup(BufferPool buffers) {
        Loop l = loop;
        return new ConnectionSetup() {
            @Override
            public boolean isClient() {
                return false;
            }

            @Override
            public InetSocketAddress localAddress() {
                return LOCAL;
            }

            @Override
            public InetSocketAddress remoteAddress() {
                return REMOTE;
            }

            @Override
            public Loop loop() {
                return l;
            }

            @Override
            public BufferPool buffers() {
                return buffers;
            }

            @Override
            public ConnectionSetup addStage(Stage stage) {
                throw new UnsupportedOperationException("the benchmark runs handlers without stages");
            }
        };
    }

    StageContext stageContext(boolean client, BufferPool buffers) {
        Connection self = this;
        return new StageContext() {
            @Override
            public Connection connection() {
                return self;
            }

            @Override
            public boolean isClient() {
                return client;
            }

            @Override
            public BufferPool buffers() {
                return buffers;
            }

            @Override
            public void requestDrive() {
                // the benchmark drives the stages itself
            }

            @Override
            public void fail(Throwable cause) {
                throw new IllegalStateException("stage failed", cause);
            }
        };
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
        return LOCAL;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return REMOTE;
    }

    @Override
    public boolean write(ByteBuffer... data) {
        for (ByteBuffer b : data) {
            written += b.remaining();
            b.position(b.limit());
        }
        return true;
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
        paused = true;
    }

    @Override
    public void resumeReading() {
        paused = false;
    }

    @Override
    public boolean isReadingPaused() {
        return paused;
    }

    @Override
    public void shutdownOutput() {
    }

    @Override
    public CompletionStage<Void> close() {
        open = false;
        closed.complete(null);
        return closed;
    }

    @Override
    public void abort() {
        close();
    }

    @Override
    public CompletionStage<Void> closeFuture() {
        return closed;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public Object attribute(String key) {
        return attributes.get(key);
    }

    @Override
    public Object attribute(String key, Object value) {
        return value == null ? attributes.remove(key) : attributes.put(key, value);
    }
}
