package dev.loopwork.tck.faults;

import dev.loopwork.tck.TckContext;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One fault case: the kit's {@link TckContext} (groups, peers, the leak check at the end) built over
 * a {@link FaultInjectingProvider}, the seed, and the server ends of the case's connections.
 *
 * <h2>The rule every case checks</h2>
 * {@link #verifyEnd}: a server connection the wrapper injected an error into ends with that very
 * error as its {@code onClosed} cause; one it did not ends without an injected error of any other
 * connection (and, where the case says so, with no cause at all).
 */
final class FaultCase {

    final TckContext ctx;
    final FaultInjectingProvider faults;
    final long seed;
    private final ConcurrentHashMap<InetSocketAddress, ServerSide> byPeer = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    FaultCase(TckContext ctx, FaultInjectingProvider faults) {
        this.ctx = ctx;
        this.faults = faults;
        this.seed = faults.plan().seed();
        ctx.checkAtTeardown(() -> List.copyOf(problems));
    }

    /**
     * A blocking client socket, bound before it connects so that its address is known even if the
     * connect or a TLS handshake fails (the server end may be hit by an injected error at once).
     */
    java.net.Socket unconnected() throws java.io.IOException {
        java.net.Socket s = ctx.track(new java.net.Socket());
        s.setSoTimeout((int) ctx.settings().awaitTimeout().toMillis());
        s.setTcpNoDelay(true);
        s.bind(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
        return s;
    }

    /** Connects {@code s}; {@code null}, or the failure (a reset by a server end already hit). */
    java.io.IOException connect(java.net.Socket s, InetSocketAddress server) {
        try {
            s.connect(server, (int) ctx.settings().awaitTimeout().toMillis());
            return null;
        } catch (java.io.IOException e) {
            return e;
        }
    }

    void opened(ServerSide s) {
        if (byPeer.putIfAbsent(s.remote, s) != null) {
            problem("two server connections from the same peer address " + s.remote);
        }
    }

    void problem(String p) {
        problems.add(p);
    }

    /** The server end of the connection whose client is at {@code clientAddress}; waits for it. */
    ServerSide serverEnd(InetSocketAddress clientAddress) {
        ctx.awaitUntil("the server's onOpen for the client at " + clientAddress, () -> byPeer.containsKey(clientAddress));
        return byPeer.get(clientAddress);
    }

    /**
     * Waits for {@code s} to close and checks the rule above.
     *
     * @param cleanUnlessHit whether a connection without an injected error must end with no cause
     * @return the error injected into it, or {@code null}
     */
    InjectedFault verifyEnd(ServerSide s, boolean cleanUnlessHit) {
        Optional<Throwable> cause = ctx.await(s.closed, "onClosed of " + s + "; " + this);
        assertEquals(1, s.closedCalls.get(), "onClosed calls of " + s);
        InjectedFault hit = faults.injectedInto(s.local, s.remote);
        if (hit != null) {
            assertTrue(hit.isCauseOf(cause.orElse(null)), () -> s + " was hit by [" + hit.getMessage()
                    + "] and must end with it as its onClosed cause, but ended with " + cause.orElse(null) + "; " + this);
            return hit;
        }
        cause.ifPresent(c -> {
            for (Throwable t = c; t != null; t = t.getCause()) {
                if (t instanceof InjectedFault f) {
                    fail(s + " was not hit but ended with another socket's injected fault [" + f.getMessage() + "]; " + this);
                }
                if (t.getCause() == t) {
                    break;
                }
            }
            if (cleanUnlessHit) {
                throw new AssertionError(s + " was not hit by an injected error, so nothing was lost and its "
                        + "onClosed cause must be null, but was " + c + "; " + this, c);
            }
        });
        return null;
    }

    @Override
    public String toString() {
        return "seed " + seed + " (replay: -Dloopwork.faults.seed=" + seed + "), " + faults.stats();
    }
}
