package dev.loopwork.nio;

import dev.loopwork.Cancellable;
import dev.loopwork.Connection;
import dev.loopwork.ConnectionHandler;
import dev.loopwork.LoopFailedException;
import dev.loopwork.LoopGroup;
import dev.loopwork.Server;
import dev.loopwork.bootstrap.Loopwork;
import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.spi.Pollable;
import dev.loopwork.spi.Ready;
import dev.loopwork.spi.Registration;
import dev.loopwork.spi.Sockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One broken loop cannot hang its group: when a loop stops running tasks and delivering readiness
 * (its thread died, or the loop gave up), {@code shutdownGracefully} still completes shortly after
 * its deadline, and that loop's connections get {@code onClosed} once, with {@link LoopFailedException}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BrokenLoopTest {

    /** Wraps nio; a killed loop drops tasks, timers and readiness, and never finishes its shutdown. */
    static final class KillableProvider implements LoopProvider {
        final NioLoopProvider nio = new NioLoopProvider();
        final List<Killable> loops = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "killable-nio";
        }

        @Override
        public int priority() {
            return -1;
        }

        @Override
        public boolean isAvailable() {
            return true;
        }

        @Override
        public Optional<Throwable> unavailabilityCause() {
            return Optional.empty();
        }

        @Override
        public LoopOps newLoop(LoopConfig config) {
            Killable k = new Killable(nio.newLoop(config));
            loops.add(k);
            return k;
        }

        @Override
        public Sockets sockets() {
            return nio.sockets();
        }
    }

    static final class Killable implements LoopOps {
        final LoopOps delegate;
        volatile boolean dead;
        final CompletableFuture<Void> realStop = new CompletableFuture<>();

        Killable(LoopOps delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean inLoop() {
            return delegate.inLoop();
        }

        @Override
        public Registration register(Pollable socket, int interest, Ready ready) {
            return delegate.register(socket, interest, (r, ops) -> {
                if (!dead) {
                    ready.onReady(r, ops);
                }
            });
        }

        @Override
        public void execute(Runnable task) {
            delegate.execute(() -> {
                if (!dead) {
                    task.run();
                }
            });
        }

        @Override
        public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
            return delegate.schedule(() -> {
                if (!dead) {
                    task.run();
                }
            }, delay, unit);
        }

        @Override
        public CompletionStage<Void> shutdown() {
            delegate.shutdown().whenComplete((v, e) -> realStop.complete(null)); // no thread leaks from the test
            return dead ? new CompletableFuture<>() : delegate.shutdown();
        }
    }

    @Test
    void aDeadLoopsConnectionsAreClosedWithACauseAndTheGroupTerminates() throws Exception {
        KillableProvider provider = new KillableProvider();
        LoopGroup group = Loopwork.group().provider(provider).loops(2).name("broken-loop-test").build();
        Map<Connection, CompletableFuture<Throwable>> closed = new ConcurrentHashMap<>();
        AtomicInteger closedCalls = new AtomicInteger();
        CountDownLatch opened = new CountDownLatch(4);
        Server server = group.listen(new InetSocketAddress("127.0.0.1", 0), setup -> new ConnectionHandler() {
            @Override
            public void onOpen(Connection c) {
                closed.put(c, new CompletableFuture<>());
                opened.countDown();
            }

            @Override
            public void onData(Connection c, ByteBuffer data) {
                data.position(data.limit());
            }

            @Override
            public void onClosed(Connection c, Throwable cause) {
                closedCalls.incrementAndGet();
                closed.get(c).complete(cause);
            }
        });
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                Socket s = new Socket();
                s.connect(server.localAddress());
                clients.add(s);
            }
            assertTrue(opened.await(20, TimeUnit.SECONDS), "connections opened: " + closed.size());
            Killable dead = provider.loops.get(1);
            List<Connection> onDeadLoop = new ArrayList<>();
            for (Connection c : closed.keySet()) {
                if (c.loop().toString().endsWith("-1")) {
                    onDeadLoop.add(c);
                }
            }
            assertTrue(!onDeadLoop.isEmpty(), "no connection on the loop to kill: " + closed.keySet());
            dead.dead = true;

            group.shutdownGracefully(Duration.ofMillis(300)).toCompletableFuture().get(20, TimeUnit.SECONDS);
            for (Connection c : onDeadLoop) {
                Throwable cause = closed.get(c).getNow(null);
                assertInstanceOf(LoopFailedException.class, cause, "cause for " + c);
            }
            for (CompletableFuture<Throwable> f : closed.values()) {
                assertTrue(f.isDone(), "every connection got onClosed");
            }
            assertEquals(4, closedCalls.get(), "onClosed exactly once per connection");
            dead.realStop.get(20, TimeUnit.SECONDS);
            assertEquals(0, group.buffers().outstanding(), group.buffers().leakReport());
        } finally {
            for (Socket s : clients) {
                s.close();
            }
        }
    }
}
