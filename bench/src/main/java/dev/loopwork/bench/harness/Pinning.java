package dev.loopwork.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Optional CPU pinning ({@code -Dbench.pin=true}, Linux with {@code taskset}): the client on the
 * first core, each server on the last. On 2 cores the scheduler otherwise sometimes puts client
 * and server on one core for a while, which splits results into two modes; pinning removes that
 * source of spread, at the price of measuring one fixed placement.
 */
final class Pinning {

    private static final Path TASKSET = Path.of("/usr/bin/taskset");

    private final boolean on;
    private final int serverCpu;

    private Pinning(boolean on, int serverCpu) {
        this.on = on;
        this.serverCpu = serverCpu;
    }

    /** Pins this JVM (every thread) to CPU 0 when asked and possible; says what it did. */
    static Pinning apply(boolean wanted) {
        int cores = Runtime.getRuntime().availableProcessors();
        if (!wanted || cores < 2 || !Files.isExecutable(TASKSET)) {
            return new Pinning(false, -1);
        }
        try {
            Process p = new ProcessBuilder(TASKSET.toString(), "-a", "-p", "-c", "0",
                    String.valueOf(ProcessHandle.current().pid())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return new Pinning(true, cores - 1);
            }
        } catch (IOException e) {
            // fall through: unpinned
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Pinning(false, -1);
    }

    /** The command prefix that starts a server on its core; empty when not pinning. */
    List<String> serverPrefix() {
        return on ? List.of(TASKSET.toString(), "-c", String.valueOf(serverCpu)) : List.of();
    }

    String describe() {
        return on ? "client on CPU 0, servers on CPU " + serverCpu + " (taskset)" : "none";
    }
}
