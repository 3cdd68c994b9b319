package dev.loopwork.internal;

import dev.loopwork.Stage;
import dev.loopwork.StageResult;

/**
 * Holds stages to their word. The core trusts a stage's {@link StageResult} to decide whether
 * bytes moved; a stage that reports bytes it did not move would make the core loop forever, so
 * the report is checked against the buffers and a mismatch fails the connection with a message
 * naming the stage.
 */
final class StageChecks {

    private StageChecks() {
    }

    static void requireHonest(Stage stage, String step, StageResult r, long consumed, long produced) {
        if (r == null) {
            throw new IllegalStateException("stage " + stage + " returned no result from " + step);
        }
        if (r.consumed() != consumed || r.produced() != produced) {
            throw new IllegalStateException("stage " + stage + " reported " + step + " " + r + " but moved "
                    + consumed + " bytes in and " + produced + " bytes out");
        }
    }
}
