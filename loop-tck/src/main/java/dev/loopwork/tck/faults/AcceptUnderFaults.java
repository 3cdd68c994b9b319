package dev.loopwork.tck.faults;

import dev.loopwork.Server;
import dev.loopwork.tck.TckContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Accept failures ("Too many open files") held on while clients wait in the backlog. A failed accept
 * leaves the connection queued, so the listener stays readable: a core that retries at once spins
 * its loop at full speed. The case measures the loop's work per second while the burst lasts (its
 * readiness callbacks, tasks and timers, counted by {@link FaultLoopOps}) and the accept attempts
 * per second, and bounds both; then it ends the burst and every waiting client must be accepted and
 * served.
 */
final class AcceptUnderFaults {

    private static final Logger log = LoggerFactory.getLogger(AcceptUnderFaults.class);

    /**
     * Loop work per second allowed while accepts fail. A backing-off core does a few dozen; a
     * spinning one does hundreds of thousands. The bound sits far from both, so a slow machine cannot
     * make it fail (slowness only lowers the rate).
     */
    static final double MAX_LOOP_WORK_PER_SECOND = 1_000;
    /** Accept attempts per second allowed while they fail. */
    static final double MAX_ACCEPTS_PER_SECOND = 200;

    private final FaultCase fc;

    AcceptUnderFaults(FaultCase fc) {
        this.fc = fc;
    }

    void burstThenResume() throws Exception {
        TckContext ctx = fc.ctx;
        FaultInjectingProvider faults = fc.faults;
        FaultStats stats = faults.stats();
        Server server = ctx.group().listen(TckContext.loopback(), setup -> new ServerSide.Echo(fc));
        SplittableRandom r = new SplittableRandom(fc.seed);
        int clients = 2 + r.nextInt(6);
        int attempts = 5 + r.nextInt(10);
        faults.failAccepts(true);
        List<Socket> waiting = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            waiting.add(ctx.connect(server.localAddress())); // completes in the kernel's backlog
        }
        ctx.awaitUntil("a first failed accept", () -> stats.acceptFailures() >= 1);
        long failures0 = stats.acceptFailures();
        long calls0 = stats.acceptCalls();
        long work0 = loopWork();
        long t0 = System.nanoTime();
        ctx.awaitUntil(attempts + " more failed accepts", () -> stats.acceptFailures() >= failures0 + attempts);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double workRate = (loopWork() - work0) / seconds;
        double acceptRate = (stats.acceptCalls() - calls0) / seconds;
        assertEquals(0, server.acceptedCount(), "connections accepted while every accept failed; " + fc);
        faults.failAccepts(false);
        for (Socket s : waiting) {
            s.getOutputStream().write(42);
            assertEquals(42, s.getInputStream().read(), "echo on a connection accepted after the burst; " + fc);
        }
        assertEquals(clients, server.acceptedCount(), "accepted after the burst; " + fc);
        log.info("accept burst on {}, seed {}: {} failed accepts in {} s = {} accepts/s, loop work {}/s; then {} "
                        + "waiting clients accepted and served", faults.name(), fc.seed, attempts,
                String.format("%.2f", seconds), String.format("%.1f", acceptRate), String.format("%.1f", workRate),
                clients);
        assertTrue(acceptRate <= MAX_ACCEPTS_PER_SECOND, () -> "accept attempts per second while accepts fail: "
                + acceptRate + " (bound " + MAX_ACCEPTS_PER_SECOND + "): the core retries without backing off; " + fc);
        assertTrue(workRate <= MAX_LOOP_WORK_PER_SECOND, () -> "loop work (readiness, tasks, timers) per second while "
                + "accepts fail: " + workRate + " (bound " + MAX_LOOP_WORK_PER_SECOND + "): the loop spins; " + fc);
        List<ServerSide> ends = new ArrayList<>();
        for (Socket s : waiting) {
            ends.add(fc.serverEnd((java.net.InetSocketAddress) s.getLocalSocketAddress()));
            s.close();
        }
        for (ServerSide end : ends) {
            fc.verifyEnd(end, false);
        }
    }

    private long loopWork() {
        long sum = 0;
        for (FaultLoopOps l : fc.faults.loops()) {
            sum += l.activity();
        }
        return sum;
    }
}
