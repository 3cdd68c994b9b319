package dev.loopwork.bench.server;

import dev.loopwork.ConnectionOptions;

/**
 * The connection options of a Loopwork server: the core's defaults, unless the row's variant is
 * {@code budget-<bytes>} (the read-budget pair, {@code -Dbench.budgetPair}) or an experiment sets
 * {@code -Dbench.readBudget=<bytes>} for every Loopwork server through {@code -Dbench.serverFlags}.
 * The read budget is the bytes a connection may read per readiness event before the loop polls
 * again. The Netty and JDK servers ignore it.
 *
 * @param readBudget the read budget, or {@code null} for the core's default
 */
record LoopworkOptions(Integer readBudget) {

    static final String BUDGET_VARIANT = "budget-";

    static LoopworkOptions of(ServerSpec spec) {
        if (spec.variant().startsWith(BUDGET_VARIANT)) {
            String bytes = spec.variant().substring(BUDGET_VARIANT.length());
            try {
                return new LoopworkOptions(Integer.valueOf(bytes));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("variant '" + spec.variant() + "': not a read budget in bytes", e);
            }
        }
        return fromSystemProperties();
    }

    /** {@code -Dbench.readBudget}, or the core's default. */
    static LoopworkOptions fromSystemProperties() {
        return new LoopworkOptions(Integer.getInteger("bench.readBudget"));
    }

    ConnectionOptions connectionOptions() {
        return readBudget == null ? ConnectionOptions.defaults() : ConnectionOptions.builder().readBudget(readBudget).build();
    }

    /** What differs from the defaults, for the server's description; empty when nothing does. */
    String describe() {
        return readBudget == null ? "" : ", readBudget " + readBudget;
    }
}
