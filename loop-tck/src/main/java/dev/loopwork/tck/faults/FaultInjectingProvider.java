package dev.loopwork.tck.faults;

import dev.loopwork.SocketOptions;
import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.spi.NetListener;
import dev.loopwork.spi.NetSocket;
import dev.loopwork.spi.Sockets;
import dev.loopwork.support.ForwardingLoopProvider;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link LoopProvider} around any other (built-in or an integrator's) whose sockets misbehave the
 * way real ones do under load, driven by a seed: short and empty reads and writes, a reset or a
 * broken pipe at a random byte, accept failures ("Too many open files") in bursts. See
 * {@link FaultPlan} for the knobs and {@link FaultTck} for the kit that runs cases under it.
 *
 * <h2>How it wraps</h2>
 * {@link #sockets()} wraps what the provider's sockets make; {@link #newLoop} wraps the provider's
 * loop in a {@link FaultLoopOps} that hands the provider's loop its own socket objects (a native loop
 * only watches sockets its provider made) and counts loop activity. Registrations are not wrapped.
 *
 * <h2>Replay</h2>
 * Each socket draws from its own random stream, derived from the seed and the order in which the
 * sockets were made; the same seed gives the same faults for the same sequence of operations.
 * Thread scheduling can still change that sequence, so a replay is likely, not certain, to hit the
 * same bug.
 */
public final class FaultInjectingProvider extends ForwardingLoopProvider {

    private final FaultPlan plan;
    private final FaultStats stats = new FaultStats();
    private final AtomicLong socketIds = new AtomicLong();
    private final AtomicLong listenerIds = new AtomicLong();
    private final List<FaultLoopOps> loops = new CopyOnWriteArrayList<>();
    private final List<FaultySocket> sockets = new CopyOnWriteArrayList<>();
    private final Sockets faultySockets;
    private volatile boolean failAccepts;

    public FaultInjectingProvider(LoopProvider delegate, FaultPlan plan) {
        super(delegate);
        this.plan = Objects.requireNonNull(plan, "plan");
        this.faultySockets = new FaultySockets(delegate.sockets());
    }

    public FaultPlan plan() {
        return plan;
    }

    public FaultStats stats() {
        return stats;
    }

    /** While on, every {@code accept} of every listener fails with "Too many open files". */
    public void failAccepts(boolean on) {
        this.failAccepts = on;
    }

    boolean acceptsFailing() {
        return failAccepts;
    }

    /** Every loop made so far. */
    public List<FaultLoopOps> loops() {
        return List.copyOf(loops);
    }

    /**
     * The error injected into the socket with these endpoints (as the socket sees them), or
     * {@code null} if none was.
     */
    public InjectedFault injectedInto(InetSocketAddress local, InetSocketAddress remote) {
        for (FaultySocket s : sockets) {
            InjectedFault f = s.injected();
            if (f != null && Objects.equals(local, s.localAddress()) && Objects.equals(remote, s.remoteAddress())) {
                return f;
            }
        }
        return null;
    }

    NetSocket wrap(NetSocket s) {
        FaultySocket f = new FaultySocket(s, plan, stats, socketIds.getAndIncrement());
        sockets.add(f);
        return f;
    }

    @Override
    public int priority() {
        return -1; // never picked automatically
    }

    @Override
    protected LoopOps wrap(LoopOps loop, LoopConfig config) {
        FaultLoopOps ops = new FaultLoopOps(loop, config);
        loops.add(ops);
        return ops;
    }

    @Override
    public Sockets sockets() {
        return faultySockets;
    }

    @Override
    public String toString() {
        return "FaultInjectingProvider{" + delegate().name() + ", " + plan + ", " + stats + '}';
    }

    private final class FaultySockets implements Sockets {
        private final Sockets real;

        FaultySockets(Sockets real) {
            this.real = real;
        }

        @Override
        public NetListener listen(InetSocketAddress address, SocketOptions options) throws IOException {
            return new FaultyListener(real.listen(address, options), FaultInjectingProvider.this,
                    listenerIds.getAndIncrement());
        }

        @Override
        public NetSocket connect(InetSocketAddress address, SocketOptions options) throws IOException {
            return wrap(real.connect(address, options));
        }

        @Override
        public boolean supportsReusePort() {
            return real.supportsReusePort();
        }
    }
}
