package dev.loopwork;

/**
 * What one {@link Stage#decode} or {@link Stage#encode} call did: how many bytes it took and
 * produced, and why it stopped.
 */
public final class StageResult {

    /** Why a stage call stopped. */
    public enum Status {
        /** It did what it could; call again if there is more input or room. */
        OK,
        /** The input holds only part of a unit (e.g. of a TLS record): more input is needed. */
        NEED_INPUT,
        /** The output buffer is too small for the next unit: drain it first. */
        NEED_SPACE,
        /** This direction of the stage is finished (e.g. close_notify sent or received). */
        CLOSED
    }

    private static final StageResult NEED_INPUT_NOTHING = new StageResult(Status.NEED_INPUT, 0, 0);
    private static final StageResult NEED_SPACE_NOTHING = new StageResult(Status.NEED_SPACE, 0, 0);

    private final Status status;
    private final int consumed;
    private final int produced;

    private StageResult(Status status, int consumed, int produced) {
        this.status = status;
        this.consumed = consumed;
        this.produced = produced;
    }

    public static StageResult of(Status status, int consumed, int produced) {
        if (consumed < 0 || produced < 0) {
            throw new IllegalArgumentException("consumed and produced must be >= 0, were " + consumed + ", " + produced);
        }
        if (consumed == 0 && produced == 0) {
            if (status == Status.NEED_INPUT) {
                return NEED_INPUT_NOTHING;
            }
            if (status == Status.NEED_SPACE) {
                return NEED_SPACE_NOTHING;
            }
        }
        return new StageResult(status, consumed, produced);
    }

    public Status status() {
        return status;
    }

    public int consumed() {
        return consumed;
    }

    public int produced() {
        return produced;
    }

    /** Whether the call moved any byte. */
    public boolean progressed() {
        return consumed > 0 || produced > 0;
    }

    @Override
    public String toString() {
        return status + "(consumed=" + consumed + ", produced=" + produced + ')';
    }
}
