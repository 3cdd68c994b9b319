package dev.loopwork.http.internal.h2;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The live streams of one connection by id, the ones whose response waits for a window, and the
 * client's stream id high-water mark (RFC 9113 §5.1.1: a new stream id must be above every id the
 * client used before). Loop thread only; a plain table with no behaviour of its own.
 */
final class StreamTable {

    private final Map<Integer, H2Stream> streams = new HashMap<>();
    /** Streams whose response waits for the client's window, oldest first. */
    private final LinkedHashSet<H2Stream> blocked = new LinkedHashSet<>();
    private int lastClientStreamId;
    private long opened;

    H2Stream get(int id) {
        return streams.get(id);
    }

    /** Whether {@code s} is the live stream of its id (not retired, not replaced). */
    boolean isLive(H2Stream s) {
        return streams.get(s.id) == s;
    }

    void add(H2Stream s) {
        streams.put(s.id, s);
        opened++;
    }

    /** Removes {@code s}; false if it was not live. */
    boolean remove(H2Stream s) {
        if (streams.get(s.id) != s) {
            return false;
        }
        streams.remove(s.id);
        blocked.remove(s);
        return true;
    }

    int size() {
        return streams.size();
    }

    boolean isEmpty() {
        return streams.isEmpty();
    }

    /** A copy: callers may retire streams while they walk it. */
    List<H2Stream> snapshot() {
        return new ArrayList<>(streams.values());
    }

    Iterable<H2Stream> live() {
        return streams.values();
    }

    void clear() {
        streams.clear();
        blocked.clear();
    }

    void markBlocked(H2Stream s) {
        blocked.add(s);
    }

    void unblock(H2Stream s) {
        blocked.remove(s);
    }

    boolean anyBlocked() {
        return !blocked.isEmpty();
    }

    List<H2Stream> blockedSnapshot() {
        return new ArrayList<>(blocked);
    }

    int lastClientStreamId() {
        return lastClientStreamId;
    }

    /** Whether {@code id} was used by the client already (it is at most the highest id it opened). */
    boolean wasUsed(int id) {
        return id <= lastClientStreamId;
    }

    void clientUsed(int id) {
        lastClientStreamId = id;
    }

    long opened() {
        return opened;
    }

    @Override
    public String toString() {
        return "streams=" + streams.size() + ", blocked=" + blocked.size() + ", opened=" + opened + ", last="
                + lastClientStreamId;
    }
}
