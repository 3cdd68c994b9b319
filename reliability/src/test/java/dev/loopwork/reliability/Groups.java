package dev.loopwork.reliability;

import dev.loopwork.ConnectionOptions;
import dev.loopwork.LoopGroup;
import dev.loopwork.bootstrap.Loopwork;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds every loop group of the suite and remembers it, so that {@link BufferLeakGuard} can check
 * each one after its test: no group escapes the buffer-leak check.
 */
final class Groups {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final List<LoopGroup> BUILT = new ArrayList<>();
    private static final java.util.Map<LoopGroup, String> NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    private Groups() {
    }

    /** A new group of {@code loops} loops of {@code transport}, named {@code rel-<what>-<transport>-<n>}. */
    static LoopGroup build(String what, String transport, int loops, ConnectionOptions options) {
        String name = "rel-" + what + '-' + transport + '-' + IDS.incrementAndGet();
        LoopGroup g = Loopwork.group().transport(transport).loops(loops).options(options).name(name).build();
        NAMES.put(g, name);
        synchronized (BUILT) {
            BUILT.add(g);
        }
        return g;
    }

    static LoopGroup build(String what, String transport, int loops) {
        return build(what, transport, loops, ConnectionOptions.defaults());
    }

    /** The groups built since the last call, forgetting them. */
    static List<LoopGroup> drain() {
        synchronized (BUILT) {
            List<LoopGroup> all = new ArrayList<>(BUILT);
            BUILT.clear();
            all.forEach(NAMES::remove); // keep no group reachable after its test
            return all;
        }
    }

    /** The thread-name prefix of a group's loops. */
    static String threadPrefix(LoopGroup g) {
        return NAMES.get(g) + '-';
    }
}
