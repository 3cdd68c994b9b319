package dev.loopwork.spi;

import java.util.Objects;

/**
 * What a provider is told when it makes a loop: a name for its thread and its index in the group.
 */
public final class LoopConfig {

    private final String threadName;
    private final int index;

    public LoopConfig(String threadName, int index) {
        this.threadName = Objects.requireNonNull(threadName, "threadName");
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, was " + index);
        }
        this.index = index;
    }

    /** Name for the loop's thread, e.g. {@code loopwork-nio-1-0}. */
    public String threadName() {
        return threadName;
    }

    /** Position of the loop in its group, from 0. */
    public int index() {
        return index;
    }

    @Override
    public String toString() {
        return "LoopConfig{" + threadName + ", index=" + index + '}';
    }
}
