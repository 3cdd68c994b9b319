package dev.loopwork.tck;

import dev.loopwork.ConnectionOptions;

import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of one kit run, taken from the overridable hooks of {@link LoopTck}.
 *
 * @param loops              loops per group where a case does not need a specific number
 * @param fakePollIn         what the pending-input cases expect of the {@code fakePollIn} hook
 * @param options            connection options of every group
 * @param connections        connections of the concurrency case (each takes two descriptors here)
 * @param largeTransferBytes bytes of the large echo and pending-input transfers
 * @param awaitTimeout       how long any single wait of a case may take before it fails
 */
public record TckSettings(int loops, FakePollInExpectation fakePollIn, ConnectionOptions options, int connections,
                          long largeTransferBytes, Duration awaitTimeout) {

    public TckSettings {
        if (loops < 1) {
            throw new IllegalArgumentException("loops must be >= 1, was " + loops);
        }
        Objects.requireNonNull(fakePollIn, "fakePollIn");
        Objects.requireNonNull(options, "options");
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be >= 1, was " + connections);
        }
        if (largeTransferBytes < 1) {
            throw new IllegalArgumentException("largeTransferBytes must be >= 1, was " + largeTransferBytes);
        }
        if (awaitTimeout.isNegative() || awaitTimeout.isZero()) {
            throw new IllegalArgumentException("awaitTimeout must be positive, was " + awaitTimeout);
        }
    }
}
