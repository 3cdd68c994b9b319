package dev.loopwork.nativeloop.glue;

import io.netty.util.concurrent.FastThreadLocalThread;

import java.util.concurrent.ThreadFactory;

/**
 * Makes the one thread of a threaded native loop: named as the group asked, a Netty
 * {@link FastThreadLocalThread} (Netty's thread-locals are fast on it), not a daemon (like Netty's own
 * loop threads: an application that forgets to shut its group down keeps running rather than losing
 * work), and reporting when the loop's work on it has ended.
 */
final class LoopThreadFactory implements ThreadFactory {

    private final String name;
    private final Runnable onExit;

    LoopThreadFactory(String name, Runnable onExit) {
        this.name = name;
        this.onExit = onExit;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new FastThreadLocalThread(() -> {
            try {
                r.run();
            } finally {
                onExit.run();
            }
        }, name);
        t.setDaemon(false);
        return t;
    }

    @Override
    public String toString() {
        return "LoopThreadFactory{" + name + '}';
    }
}
