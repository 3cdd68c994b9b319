package dev.loopwork.nativeloop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

/** {@link ManualLoopHost#dedicatedThreads()}. */
final class DedicatedThreads implements ManualLoopHost {

    static final DedicatedThreads INSTANCE = new DedicatedThreads();

    private static final Logger log = LoggerFactory.getLogger(DedicatedThreads.class);

    private DedicatedThreads() {
    }

    @Override
    public void host(ManualLoop loop) {
        Objects.requireNonNull(loop, "loop");
        Thread t = new Thread(() -> {
            try {
                loop.runUntilTerminated();
            } catch (RuntimeException | Error e) {
                log.error("manual loop {} stopped running: {}", loop.name(), e.toString(), e);
                throw e;
            }
        }, loop.name());
        t.start();
    }

    @Override
    public String toString() {
        return "ManualLoopHost.dedicatedThreads()";
    }
}
