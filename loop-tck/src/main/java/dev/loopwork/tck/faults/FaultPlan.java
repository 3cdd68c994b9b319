package dev.loopwork.tck.faults;

/**
 * How often each fault happens; with the seed, everything the {@link FaultInjectingProvider} does.
 * Probabilities are per call (of {@code read}, {@code write}, {@code accept}) or per socket.
 *
 * @param seed             drives every decision; printed by the kit so that a failure can be replayed
 * @param zeroRead         a {@code read} on readiness returns 0 without reading (a spurious readiness)
 * @param shortRead        a {@code read} is limited to 1 byte up to the buffer's space
 * @param zeroWrite        a {@code write} returns 0 (EAGAIN) although the socket is writable
 * @param shortWrite       a {@code write} takes only 1 byte up to what was offered
 * @param tiny             of the short reads and writes, the share limited to 1..16 bytes
 * @param errorPerSocket   a socket gets one I/O error (reset on read, broken pipe on write) at a
 *                         random offset below {@code errorWithinBytes}; afterwards every read and
 *                         write of it fails with that same error, as a real reset does
 * @param errorWithinBytes the range of that offset
 * @param acceptBurst      an {@code accept} call starts a burst of failing accepts ("Too many open
 *                         files"); the burst lasts 1..{@code acceptBurstMax} calls
 * @param acceptBurstMax   the longest random burst, in calls
 */
public record FaultPlan(long seed, double zeroRead, double shortRead, double zeroWrite, double shortWrite,
                        double tiny, double errorPerSocket, long errorWithinBytes, double acceptBurst,
                        int acceptBurstMax) {

    public FaultPlan {
        check("zeroRead", zeroRead);
        check("shortRead", shortRead);
        check("zeroWrite", zeroWrite);
        check("shortWrite", shortWrite);
        check("tiny", tiny);
        check("errorPerSocket", errorPerSocket);
        check("acceptBurst", acceptBurst);
        if (zeroRead + shortRead > 1 || zeroWrite + shortWrite > 1) {
            throw new IllegalArgumentException("zero + short probabilities must not exceed 1: read " + zeroRead
                    + '+' + shortRead + ", write " + zeroWrite + '+' + shortWrite);
        }
        if (errorWithinBytes < 1) {
            throw new IllegalArgumentException("errorWithinBytes must be >= 1, was " + errorWithinBytes);
        }
        if (acceptBurstMax < 1) {
            throw new IllegalArgumentException("acceptBurstMax must be >= 1, was " + acceptBurstMax);
        }
    }

    private static void check(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be a probability in [0, 1], was " + p);
        }
    }

    /** Nothing injected: the wrapper is transparent. */
    public static FaultPlan none(long seed) {
        return new FaultPlan(seed, 0, 0, 0, 0, 0, 0, 1, 0, 1);
    }

    /**
     * Every kind of partial I/O, no errors: nothing may be lost, every transfer must complete.
     * A third of the reads and writes are short, one in ten returns 0.
     */
    public static FaultPlan partialIo(long seed) {
        return new FaultPlan(seed, 0.1, 0.35, 0.1, 0.35, 0.25, 0, 1, 0.02, 3);
    }

    /** {@link #partialIo} plus an I/O error on a quarter of the sockets within the first {@code withinBytes}. */
    public static FaultPlan withErrors(long seed, long withinBytes) {
        return new FaultPlan(seed, 0.1, 0.35, 0.1, 0.35, 0.25, 0.25, withinBytes, 0.02, 3);
    }

    public FaultPlan withSeed(long newSeed) {
        return new FaultPlan(newSeed, zeroRead, shortRead, zeroWrite, shortWrite, tiny, errorPerSocket,
                errorWithinBytes, acceptBurst, acceptBurstMax);
    }
}
