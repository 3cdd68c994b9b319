package dev.loopwork.tck;

/**
 * What the kit expects of a provider's {@link dev.loopwork.spi.LoopOps#fakePollIn} hook, checked by
 * the pending-input cases through {@link CountingLoopProvider}.
 *
 * <h2>Why it is declared</h2>
 * Both answers of the hook are correct: a loop that fakes a READ readiness and a loop that returns
 * {@code false} (the core then falls back to a task) must both deliver every buffered byte. What the
 * kit cannot guess is which of the two paths the provider <em>meant</em> to take; declaring it turns
 * "the data arrived" into "the data arrived through the path I wrote", which catches a hook that is
 * implemented but never reached, or a fallback that only works by accident.
 */
public enum FakePollInExpectation {

    /**
     * The loop implements the hook: the core must have called it, got {@code true} at least once, and
     * the loop must have delivered a READ readiness for a registration it promised a fake to.
     */
    USED,

    /**
     * The loop keeps the default: the core must have asked at least once, never got {@code true}, and
     * delivered every byte through its fallback ({@code execute}).
     */
    NOT_IMPLEMENTED,

    /** No claim about the path; only that every byte is delivered. */
    ANY
}
