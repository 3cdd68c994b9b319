package dev.loopwork.bench.server;

import dev.loopwork.ConnectionOptions;

/**
 * The connection options of the Loopwork servers: the core's defaults, unless an experiment sets
 * {@code -Dbench.readBudget=<bytes>} (the bytes a connection may read per readiness event before the
 * loop polls again) through {@code -Dbench.serverFlags}. The Netty and JDK servers ignore it.
 */
final class LoopworkOptions {

    private LoopworkOptions() {
    }

    static ConnectionOptions fromSystemProperties() {
        Integer budget = Integer.getInteger("bench.readBudget");
        return budget == null ? ConnectionOptions.defaults() : ConnectionOptions.builder().readBudget(budget).build();
    }

    /** What differs from the defaults, for the server's description; empty when nothing does. */
    static String describe() {
        Integer budget = Integer.getInteger("bench.readBudget");
        return budget == null ? "" : ", readBudget " + budget;
    }
}
