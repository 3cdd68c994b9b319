package dev.loopwork.example;

import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A stand-in for the application's frame loop, so that the tick providers can run where a provider
 * is found by {@code ServiceLoader} (the kit, the benchmark, {@code loopwork.transport=example-tick}):
 * nobody out there knows about {@code tick()}, so the provider must see to it that its loops are
 * driven ({@code LoopOps}, "Who drives the loop"). One thread ticks the loop until it has terminated,
 * resting {@value #IDLE_PARK_MICROS} µs after a tick that did nothing. In a real application there is
 * no {@code TickHost}: the application's thread ticks.
 */
public final class TickHost {

    /** How long the host rests after a tick that did nothing: a frame loop with spare time. */
    public static final long IDLE_PARK_MICROS = 200;

    private TickHost() {
    }

    /** Starts a thread, named after the loop, that ticks {@code loop} until it has terminated. */
    public static Thread start(TickLoop loop) {
        Thread t = new Thread(() -> {
            try {
                while (!loop.isTerminated()) {
                    if (!loop.tick()) {
                        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(IDLE_PARK_MICROS));
                    }
                }
            } catch (RuntimeException | Error e) { // the loop broke (tick() stopped it) or is ticked twice
                LoggerFactory.getLogger(TickHost.class).error("host of loop '{}' stops", loop.name, e);
            }
        }, loop.name);
        t.start();
        return t;
    }
}
