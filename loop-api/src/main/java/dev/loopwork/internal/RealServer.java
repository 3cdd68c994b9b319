package dev.loopwork.internal;

import dev.loopwork.ConnectionInitializer;
import dev.loopwork.Server;
import dev.loopwork.spi.Interest;
import dev.loopwork.spi.NetListener;
import dev.loopwork.spi.NetSocket;
import dev.loopwork.spi.Ready;
import dev.loopwork.spi.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A server: one listener on one loop that spreads accepted connections over the group, or (with
 * SO_REUSEPORT where the transport supports it) one listener per loop that keeps its connections.
 *
 * <h2>Closing</h2>
 * Each listener's registration is cancelled and its socket closed on its own loop; the close
 * completes from a task submitted after that, by when the loop has let go of the socket (see
 * {@link Registration}), so the port is free when the returned stage completes.
 */
final class RealServer implements Server {

    private static final Logger log = LoggerFactory.getLogger(RealServer.class);
    private static final int ACCEPTS_PER_READINESS = 64;
    private static final long ACCEPT_BACKOFF_MILLIS = 100;

    private final RealLoopGroup group;
    private final ConnectionInitializer initializer;
    private final List<Acceptor> acceptors = new ArrayList<>();
    private final InetSocketAddress localAddress;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicLong accepted = new AtomicLong();
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();

    RealServer(RealLoopGroup group, List<NetListener> listeners, List<RealLoop> loops, boolean perLoop,
               ConnectionInitializer initializer) {
        this.group = group;
        this.initializer = initializer;
        this.localAddress = listeners.get(0).localAddress();
        for (int i = 0; i < listeners.size(); i++) {
            acceptors.add(new Acceptor(listeners.get(i), loops.get(i), perLoop));
        }
    }

    void start() {
        for (Acceptor a : acceptors) {
            a.loop.execute(a::register);
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public long acceptedCount() {
        return accepted.get();
    }

    @Override
    public boolean isOpen() {
        return !closing.get();
    }

    @Override
    public CompletionStage<Void> closeAsync() {
        if (closing.compareAndSet(false, true)) {
            List<CompletableFuture<Void>> closed = new ArrayList<>();
            for (Acceptor a : acceptors) {
                closed.add(a.close());
            }
            CompletableFuture.allOf(closed.toArray(new CompletableFuture<?>[0])).whenComplete((v, e) -> {
                group.serverClosed(this);
                closeFuture.complete(null);
            });
        }
        return closeFuture;
    }

    @Override
    public CompletionStage<Void> closeFuture() {
        return closeFuture;
    }

    @Override
    public void close() {
        CompletionStage<Void> f = closeAsync();
        if (!group.isLoopThread()) {
            f.toCompletableFuture().join();
        }
    }

    @Override
    public String toString() {
        return "Server{" + localAddress + ", listeners=" + acceptors.size() + ", accepted=" + accepted.get()
                + (closing.get() ? ", closed" : "") + '}';
    }

    /** One listening socket on one loop. */
    private final class Acceptor implements Ready {
        final NetListener listener;
        final RealLoop loop;
        final boolean keepOnLoop;
        Registration registration;
        boolean closed;

        /** Failed accepts since the last success (loop thread). */
        private long failuresInBurst;

        Acceptor(NetListener listener, RealLoop loop, boolean keepOnLoop) {
            this.listener = listener;
            this.loop = loop;
            this.keepOnLoop = keepOnLoop;
        }

        void register() {
            if (closed) {
                return;
            }
            try {
                registration = loop.ops().register(listener, Interest.READ, this);
            } catch (RuntimeException e) {
                log.error("{}: cannot watch listener {}; closing it", RealServer.this, listener, e);
                closed = true;
                listener.close();
            }
        }

        @Override
        public void onReady(Registration r, int readyOps) {
            for (int i = 0; i < ACCEPTS_PER_READINESS && !closed; i++) {
                NetSocket socket;
                try {
                    socket = listener.accept();
                } catch (IOException e) {
                    backOff(r, e);
                    return;
                }
                if (socket == null) {
                    return;
                }
                accepted.incrementAndGet();
                if (failuresInBurst > 0) {
                    log.info("{}: accepting again after {} failed attempt(s)", RealServer.this, failuresInBurst);
                    failuresInBurst = 0;
                }
                dispatch(socket);
            }
        }

        /**
         * Typically EMFILE: back off instead of spinning on a listener that stays readable. The cause
         * is logged once per burst (the first failure), not once per attempt; the count goes out with
         * the first success. The timer is armed before the interest is dropped: if arming fails (a
         * class that cannot load while descriptors are exhausted), the listener stays watched, so
         * accepts can never stop for good.
         */
        private void backOff(Registration r, IOException e) {
            if (failuresInBurst++ == 0) {
                log.warn("{}: accept failed ({}); pausing accepts for {} ms at a time until one succeeds",
                        RealServer.this, e.toString(), ACCEPT_BACKOFF_MILLIS);
            }
            try {
                loop.ops().schedule(() -> {
                    if (!closed && r.isValid()) {
                        r.interest(Interest.READ);
                    }
                }, ACCEPT_BACKOFF_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RuntimeException | LinkageError t) {
                if (failuresInBurst == 1) {
                    log.error("{}: cannot arm the accept back-off; the listener stays watched", RealServer.this, t);
                }
                return;
            }
            r.interest(0);
        }

        private void dispatch(NetSocket socket) {
            RealLoop target = keepOnLoop ? loop : group.nextLoop();
            if (target == loop) {
                group.acceptOn(target, socket, initializer);
                return;
            }
            try {
                target.execute(() -> group.acceptOn(target, socket, initializer));
            } catch (RejectedExecutionException e) {
                socket.close();
            }
        }

        CompletableFuture<Void> close() {
            CompletableFuture<Void> done = new CompletableFuture<>();
            Runnable closeTask = () -> {
                closed = true;
                if (registration != null) {
                    registration.cancel();
                }
                listener.close();
                // Completes after the loop has let go of the socket (Registration's contract).
                try {
                    loop.execute(() -> done.complete(null));
                } catch (RejectedExecutionException e) {
                    done.complete(null);
                }
            };
            try {
                loop.execute(closeTask);
            } catch (RejectedExecutionException e) {
                closed = true;
                listener.close();
                done.complete(null);
            }
            return done;
        }
    }
}
