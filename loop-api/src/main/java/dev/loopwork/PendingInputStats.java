package dev.loopwork;

/**
 * How a group's connections got their pending input served so far: bytes buffered above the
 * socket (decrypted TLS, bytes a handler left at a pause) that no socket readiness will announce.
 * For each such service the core asks the loop's {@code fakePollIn} hook first and queues a task
 * on the loop only when the loop declines: so {@code fakePollIns + fallbackTasks} is the number of
 * services asked for, and on a loop without the hook {@code fakePollIns} stays 0.
 *
 * <p>The counts are the core's own, kept per group and read without stopping the loops: a snapshot
 * taken while connections run may be a few services behind.
 *
 * @param fakePollIns   services the loop accepted through {@code LoopOps.fakePollIn}
 * @param fallbackTasks services the core ran as a task on the loop because the loop declined the hook
 */
public record PendingInputStats(long fakePollIns, long fallbackTasks) {

    /** Services asked for: {@code fakePollIns + fallbackTasks}. */
    public long services() {
        return fakePollIns + fallbackTasks;
    }
}
