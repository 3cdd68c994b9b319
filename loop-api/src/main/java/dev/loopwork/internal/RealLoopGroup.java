package dev.loopwork.internal;

import dev.loopwork.BufferPool;
import dev.loopwork.ClosedException;
import dev.loopwork.Connection;
import dev.loopwork.ConnectionInitializer;
import dev.loopwork.ConnectionOptions;
import dev.loopwork.Loop;
import dev.loopwork.LoopGroup;
import dev.loopwork.PendingInputStats;
import dev.loopwork.Server;
import dev.loopwork.SocketOptions;
import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.spi.NetListener;
import dev.loopwork.spi.NetSocket;
import dev.loopwork.spi.Sockets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A group of loops of one provider, with its servers and connections.
 *
 * <h2>Shutdown</h2>
 * Servers close first (no new connections), then every connection's handler is told
 * ({@code onShutdown}); connections still open at the deadline are aborted; once none is left the
 * loops are shut down and {@link #terminationFuture()} completes.
 */
public final class RealLoopGroup implements LoopGroup {

    private static final Logger log = LoggerFactory.getLogger(RealLoopGroup.class);
    private static final AtomicInteger GROUP_IDS = new AtomicInteger();
    private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(30);
    /** How long after the shutdown deadline a loop may take to act on it before it counts as stuck. */
    static final Duration UNRESPONSIVE_GRACE = Duration.ofSeconds(2);

    private final LoopProvider provider;
    private final Sockets sockets;
    private final ConnectionOptions options;
    private final String name;
    private final List<RealLoop> loops;
    private final List<Loop> publicLoops;
    private final RealBufferPool buffers = RealBufferPool.fromSystemProperties();
    private final PendingInputCounters pendingInput = new PendingInputCounters();
    private final Set<RealConnection> connections = ConcurrentHashMap.newKeySet();
    private final Set<RealServer> servers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextLoop = new AtomicInteger();
    private final AtomicBoolean shuttingDown = new AtomicBoolean();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private final CompletableFuture<Void> termination = new CompletableFuture<>();
    private final Set<RealLoop> stuckLoops = ConcurrentHashMap.newKeySet();
    /** The next look for stuck loops after the deadline; cancelled once the group has drained. */
    private volatile CompletableFuture<Void> stuckWatch = new CompletableFuture<>();

    public RealLoopGroup(LoopProvider provider, int loopCount, ConnectionOptions options, String name) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.sockets = Objects.requireNonNull(provider.sockets(), "provider.sockets()");
        this.options = Objects.requireNonNull(options, "options");
        this.name = name != null ? name : "loopwork-" + provider.name() + '-' + GROUP_IDS.incrementAndGet();
        List<RealLoop> made = new ArrayList<>(loopCount);
        try {
            for (int i = 0; i < loopCount; i++) {
                LoopOps ops = provider.newLoop(new LoopConfig(this.name + '-' + i, i));
                made.add(new RealLoop(Objects.requireNonNull(ops, "newLoop returned null"), i, this.name + '-' + i));
            }
        } catch (RuntimeException | Error e) {
            for (RealLoop l : made) {
                l.ops().shutdown();
            }
            throw e;
        }
        this.loops = Collections.unmodifiableList(made);
        this.publicLoops = Collections.unmodifiableList(new ArrayList<>(made));
    }

    ConnectionOptions options() {
        return options;
    }

    @Override
    public String transport() {
        return provider.name();
    }

    @Override
    public List<Loop> loops() {
        return publicLoops;
    }

    @Override
    public BufferPool buffers() {
        return buffers;
    }

    RealLoop nextLoop() {
        return loops.get(Math.floorMod(nextLoop.getAndIncrement(), loops.size()));
    }

    boolean isLoopThread() {
        for (RealLoop l : loops) {
            if (l.inLoop()) {
                return true;
            }
        }
        return false;
    }

    // ---- servers ----

    @Override
    public Server listen(InetSocketAddress address, SocketOptions socketOptions, ConnectionInitializer initializer) {
        requireAddress(address);
        Objects.requireNonNull(socketOptions, "socketOptions");
        if (initializer == null) {
            throw new IllegalArgumentException("listen: initializer is null");
        }
        requireRunning("listen on " + address);
        boolean perLoop = socketOptions.reusePort() && sockets.supportsReusePort() && loops.size() > 1;
        List<NetListener> listeners = new ArrayList<>();
        try {
            NetListener first = sockets.listen(address, socketOptions);
            listeners.add(first);
            if (perLoop) {
                InetSocketAddress bound = new InetSocketAddress(address.getAddress(), first.localAddress().getPort());
                for (int i = 1; i < loops.size(); i++) {
                    listeners.add(sockets.listen(bound, socketOptions));
                }
            }
        } catch (IOException e) {
            listeners.forEach(NetListener::close);
            throw new UncheckedIOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
        List<RealLoop> owners = perLoop ? loops : List.of(nextLoop());
        RealServer server = new RealServer(this, listeners, owners, perLoop, initializer);
        servers.add(server);
        server.start();
        return server;
    }

    void serverClosed(RealServer server) {
        servers.remove(server);
    }

    /** Sets up an accepted socket on {@code loop} (its thread). */
    void acceptOn(RealLoop loop, NetSocket socket, ConnectionInitializer initializer) {
        if (shuttingDown.get()) {
            socket.close();
            return;
        }
        try {
            new RealConnection(this, loop, socket, false).accepted(initializer);
        } catch (RuntimeException e) {
            log.warn("{}: cannot set up accepted connection {}", name, socket, e);
            socket.close();
        }
    }

    // ---- clients ----

    @Override
    public CompletionStage<Connection> connect(InetSocketAddress address, SocketOptions socketOptions,
                                               ConnectionInitializer initializer) {
        requireAddress(address);
        Objects.requireNonNull(socketOptions, "socketOptions");
        if (initializer == null) {
            throw new IllegalArgumentException("connect: initializer is null");
        }
        requireRunning("connect to " + address);
        CompletableFuture<Connection> opened = new CompletableFuture<>();
        RealLoop loop = nextLoop();
        try {
            loop.execute(() -> {
                NetSocket socket;
                try {
                    socket = sockets.connect(address, socketOptions);
                } catch (IOException | RuntimeException e) {
                    opened.completeExceptionally(e);
                    return;
                }
                try {
                    new RealConnection(this, loop, socket, true).connecting(initializer, opened);
                } catch (RuntimeException e) {
                    socket.close();
                    opened.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new ClosedException("group " + name + " has shut down; cannot connect to " + address);
        }
        return opened;
    }

    // ---- connections ----

    void added(RealConnection c) {
        connections.add(c);
        if (shuttingDown.get()) {
            c.shutdownRequested();
        }
    }

    void removed(RealConnection c) {
        connections.remove(c);
        if (shuttingDown.get() && connections.isEmpty()) {
            drained.complete(null);
        }
    }

    @Override
    public int connectionCount() {
        return connections.size();
    }

    @Override
    public PendingInputStats pendingInputStats() {
        return pendingInput.snapshot();
    }

    PendingInputCounters pendingInputCounters() {
        return pendingInput;
    }

    // ---- shutdown ----

    @Override
    public CompletionStage<Void> shutdownGracefully(Duration deadline) {
        Objects.requireNonNull(deadline, "deadline");
        if (deadline.isNegative()) {
            throw new IllegalArgumentException("deadline must be >= 0, was " + deadline);
        }
        if (!shuttingDown.compareAndSet(false, true)) {
            return termination;
        }
        log.debug("{}: shutting down, deadline {}", name, deadline);
        List<CompletableFuture<Void>> serverCloses = new ArrayList<>();
        for (RealServer s : servers) {
            serverCloses.add(s.closeAsync().toCompletableFuture());
        }
        // The deadline is kept off the loops (a broken loop would never fire it) by the JDK's
        // delay scheduler; cancelling the timeout when the group drains drops the timer at once.
        CompletableFuture<Void> deadlinePassed = new CompletableFuture<Void>().completeOnTimeout(null,
                deadline.toNanos(), TimeUnit.NANOSECONDS);
        Map<RealLoop, Long> activityAtLastCheck = new ConcurrentHashMap<>();
        deadlinePassed.thenRun(() -> {
            abortAll();
            watchForStuckLoops(activityAtLastCheck);
        });
        CompletableFuture.allOf(serverCloses.toArray(new CompletableFuture<?>[0])).whenComplete((v, e) -> {
            for (RealConnection c : connections) {
                runOn(c.realLoop(), c::shutdownRequested);
            }
            if (connections.isEmpty()) {
                drained.complete(null);
            }
            drained.whenComplete((x, y) -> {
                deadlinePassed.cancel(false);
                stuckWatch.cancel(false);
                stopLoops();
            });
        });
        return termination;
    }

    private void abortAll() {
        if (!connections.isEmpty()) {
            log.info("{}: shutdown deadline reached; aborting {} connection(s)", name, connections.size());
        }
        for (RealConnection c : connections) {
            c.abortAtDeadline();
        }
    }

    /**
     * After the deadline, every {@link #UNRESPONSIVE_GRACE}: a loop that still has connections and
     * showed no sign of life since the last look (no drive, no task of the group's: see
     * {@link RealLoop#activity()}) no longer runs tasks (its thread died, or a handler blocks it).
     * Its connections are reset from this thread, logged once per loop, so that the group still
     * terminates. A loop that is only slow (a loaded machine) keeps moving and is waited for.
     */
    private void watchForStuckLoops(Map<RealLoop, Long> activityAtLastCheck) {
        Map<RealLoop, List<RealConnection>> byLoop = new LinkedHashMap<>();
        for (RealConnection c : connections) {
            byLoop.computeIfAbsent(c.realLoop(), k -> new ArrayList<>()).add(c);
        }
        for (Map.Entry<RealLoop, List<RealConnection>> e : byLoop.entrySet()) {
            RealLoop loop = e.getKey();
            long now = loop.activity();
            Long before = activityAtLastCheck.put(loop, now);
            if (before != null && before == now) {
                stuckLoops.add(loop);
                log.error("{}: loop {} showed no sign of life for {} after the shutdown deadline; resetting its {} "
                        + "connection(s) from outside the loop", name, loop, UNRESPONSIVE_GRACE, e.getValue().size());
                for (RealConnection c : e.getValue()) {
                    c.forceClose();
                }
            } else {
                runOn(loop, loop::touch); // a task that proves the loop alive at the next look
            }
        }
        if (!connections.isEmpty() && !termination.isDone()) {
            stuckWatch = new CompletableFuture<Void>().completeOnTimeout(null, UNRESPONSIVE_GRACE.toNanos(),
                    TimeUnit.NANOSECONDS);
            stuckWatch.thenRun(() -> watchForStuckLoops(activityAtLastCheck));
        }
    }

    private void stopLoops() {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (RealLoop l : loops) {
            CompletableFuture<Void> stop;
            try {
                stop = l.ops().shutdown().toCompletableFuture();
            } catch (RuntimeException e) {
                log.error("{}: loop {} failed to shut down", name, l, e);
                continue;
            }
            // A loop that did not answer before gets a bound; a healthy loop is waited for.
            stops.add(stuckLoops.contains(l) ? bounded(stop, l) : stop);
        }
        CompletableFuture.allOf(stops.toArray(new CompletableFuture<?>[0])).whenComplete((v, e) -> {
            if (e != null) {
                log.warn("{}: a loop failed to shut down cleanly", name, e);
            }
            if (buffers.outstanding() != 0) {
                log.warn("{}: {} pooled buffer(s) still out after shutdown: {}", name, buffers.outstanding(),
                        buffers.leakReport());
            }
            termination.complete(null);
        });
    }

    private CompletableFuture<Void> bounded(CompletableFuture<Void> stop, RealLoop l) {
        CompletableFuture<Void> b = new CompletableFuture<>();
        stop.whenComplete((v, e) -> b.complete(null));
        b.completeOnTimeout(null, UNRESPONSIVE_GRACE.toNanos(), TimeUnit.NANOSECONDS).thenRun(() -> {
            if (!stop.isDone()) {
                log.error("{}: loop {} did not stop within {}; the group terminates without it", name, l,
                        UNRESPONSIVE_GRACE);
            }
        });
        return b;
    }

    @Override
    public CompletionStage<Void> terminationFuture() {
        return termination;
    }

    @Override
    public boolean isShuttingDown() {
        return shuttingDown.get();
    }

    @Override
    public void close() {
        CompletionStage<Void> f = shutdownGracefully(CLOSE_DEADLINE);
        if (!isLoopThread()) {
            f.toCompletableFuture().join();
        }
    }

    private static void runOn(RealLoop loop, Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("loop {} rejected a shutdown task", loop);
        }
    }

    private void requireRunning(String what) {
        if (shuttingDown.get()) {
            throw new ClosedException("group " + name + " is shutting down; cannot " + what);
        }
    }

    private static void requireAddress(InetSocketAddress address) {
        if (address == null) {
            throw new IllegalArgumentException("address is null");
        }
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("address " + address + " is unresolved");
        }
    }

    @Override
    public String toString() {
        return "LoopGroup{" + name + ", transport=" + provider.name() + ", loops=" + loops.size() + ", servers="
                + servers.size() + ", connections=" + connections.size() + ", buffers=" + buffers
                + (shuttingDown.get() ? ", shutting down" : "") + '}';
    }
}
