package dev.loopwork.example;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A stand-in for the application's own frame loop, so that the tick providers can run anywhere a
 * provider is expected (the TCK, the benchmark, {@code loopwork.transport=example-tick}).
 *
 * <p><b>In a real application there is no {@code TickHost}:</b> the application's thread (a game
 * loop, a UI toolkit's idle handler) calls {@link TickLoop#tick()} between its own pieces of work.
 * This class only imitates that: one thread calls {@code tick()} over and over, rests about
 * {@value #IDLE_PARK_MICROS} µs when a tick did nothing, and ends once the loop has terminated.
 *
 * <h2>Threads</h2>
 * The host owns one thread, named as given. It is the loop thread while it ticks.
 */
public final class TickHost {

    /** How long the host rests after a tick that did nothing: a frame loop with spare time. */
    public static final long IDLE_PARK_MICROS = 200;

    private static final Logger log = LoggerFactory.getLogger(TickHost.class);

    private final TickLoop loop;
    private final Thread thread;

    private TickHost(TickLoop loop, String threadName) {
        this.loop = loop;
        this.thread = new Thread(this::run, threadName);
    }

    /** Starts a thread named {@code threadName} that ticks {@code loop} until it has terminated. */
    public static TickHost start(TickLoop loop, String threadName) {
        Objects.requireNonNull(loop, "loop");
        TickHost host = new TickHost(loop, Objects.requireNonNull(threadName, "threadName"));
        host.thread.start();
        return host;
    }

    /** Starts a host thread named after the loop. */
    public static TickHost start(TickLoop loop) {
        return start(loop, loop.name());
    }

    /** The ticking thread (for diagnostics and tests). */
    public Thread thread() {
        return thread;
    }

    private void run() {
        long idleNanos = TimeUnit.MICROSECONDS.toNanos(IDLE_PARK_MICROS);
        while (!loop.isTerminated()) {
            boolean busy;
            try {
                busy = loop.tick();
            } catch (RuntimeException | Error e) {
                // The loop broke (tick() has stopped it), or somebody else ticks it too: either way
                // this host has nothing left to do.
                log.error("host '{}' stops: {}", thread.getName(), e.toString());
                return;
            }
            if (!busy) {
                LockSupport.parkNanos(this, idleNanos);
            }
        }
        log.debug("host '{}' ends: loop '{}' has terminated", thread.getName(), loop.name());
    }

    @Override
    public String toString() {
        return "TickHost{" + thread.getName() + ", " + thread.getState() + ", " + loop + '}';
    }
}
