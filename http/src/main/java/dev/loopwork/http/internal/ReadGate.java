package dev.loopwork.http.internal;

import dev.loopwork.Connection;

/**
 * Applies the HTTP layer's decision to read or not to the connection, working around one trait of
 * the core: bytes a delivery leaves are marked as waiting for new input when {@code onData}
 * returns, so a {@code resumeReading()} issued inside that same {@code onData} is undone. Such a
 * resume (a consumer paused and another thread resumed it before its call returned) is done from a
 * loop task instead, right after the delivery.
 */
final class ReadGate {

    private final Runnable resync;
    private Connection conn;
    private boolean inDelivery;
    private boolean resumeQueued;

    /** @param resync runs on the loop after a deferred resume is due; it calls {@link #apply} again */
    ReadGate(Runnable resync) {
        this.resync = resync;
    }

    void start(Connection connection) {
        this.conn = connection;
    }

    /** Marks the span of an {@code onData} call. */
    void delivering(boolean on) {
        inDelivery = on;
        if (on) {
            resumeQueued = false;
        }
    }

    /**
     * Pauses or resumes reading. Returns {@code true} if reading was resumed now (the caller
     * restarts whatever measures reading time).
     */
    boolean apply(boolean pause) {
        if (conn == null) {
            return false;
        }
        if (pause) {
            conn.pauseReading();
            return false;
        }
        if (!conn.isReadingPaused()) {
            return false;
        }
        if (inDelivery) {
            if (!resumeQueued) {
                resumeQueued = true;
                conn.loop().execute(resync);
            }
            return false;
        }
        conn.resumeReading();
        return true;
    }

    @Override
    public String toString() {
        return "ReadGate{" + (conn != null && conn.isReadingPaused() ? "paused" : "reading")
                + (resumeQueued ? ", resumeQueued" : "") + '}';
    }
}
