package dev.loopwork.tck.faults;

import dev.loopwork.spi.NetListener;
import dev.loopwork.spi.NetSocket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A {@link NetListener} whose {@code accept} fails with an injected "Too many open files" in
 * bursts: random ones from the {@link FaultPlan}, and a held one while
 * {@link FaultInjectingProvider#failAccepts(boolean)} is on. A failed accept takes nothing from the
 * backlog, as a real EMFILE does, so the listener stays readable: a core that does not back off
 * spins. Accepted sockets are wrapped in {@link FaultySocket}s.
 */
final class FaultyListener implements NetListener {

    private final NetListener delegate;
    private final FaultInjectingProvider owner;
    private final SplittableRandom random;
    private final long index;
    private int burstLeft;

    FaultyListener(NetListener delegate, FaultInjectingProvider owner, long index) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.owner = owner;
        this.index = index;
        this.random = new SplittableRandom(owner.plan().seed() * 0xC2B2AE3D27D4EB4FL + index);
    }

    NetListener delegate() {
        return delegate;
    }

    @Override
    public NetSocket accept() throws IOException {
        FaultStats stats = owner.stats();
        stats.acceptCalls.incrementAndGet();
        FaultPlan plan = owner.plan();
        if (burstLeft == 0 && plan.acceptBurst() > 0 && random.nextDouble() < plan.acceptBurst()) {
            burstLeft = 1 + random.nextInt(plan.acceptBurstMax());
        }
        if (owner.acceptsFailing() || burstLeft > 0) {
            if (burstLeft > 0) {
                burstLeft--;
            }
            stats.acceptFailures.incrementAndGet();
            throw new InjectedFault(InjectedFault.Kind.ACCEPT_EMFILE, "listener #" + index + ' '
                    + delegate.localAddress(), -1, plan.seed());
        }
        NetSocket s = delegate.accept();
        if (s == null) {
            return null;
        }
        stats.accepted.incrementAndGet();
        return owner.wrap(s);
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public InetSocketAddress localAddress() {
        return delegate.localAddress();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        return delegate.unwrap(type);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return "FaultyListener#" + index + '{' + delegate + ", burstLeft=" + burstLeft + '}';
    }
}
