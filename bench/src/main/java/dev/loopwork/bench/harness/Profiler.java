package dev.loopwork.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Optional CPU profiles of the servers' steady state ({@code -Dbench.profiler=<libasyncProfiler.so>}):
 * async-profiler is attached to every member of a bout with {@code jcmd JVMTI.agent_load} after the
 * warm-up and stopped after the last round, so JVM start-up and JIT compilation stay out of it.
 * Each member writes a flame graph ({@code .html}) and collapsed stacks ({@code .collapsed}, which
 * {@code bench/scripts/profile-summary.py} summarises) into {@code bench.profileDir}. The library is
 * in the {@code tools.profiler:async-profiler} jar on Maven Central.
 */
final class Profiler {

    private final Path library;
    private final Path dir;
    private final Path jcmd;

    private Profiler(Path library, Path dir) {
        this.library = library;
        this.dir = dir;
        this.jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    }

    /** {@code null} unless {@code bench.profiler} names the library. */
    static Profiler fromSystemProperties() throws IOException {
        String lib = System.getProperty("bench.profiler", "").trim();
        if (lib.isEmpty()) {
            return null;
        }
        Path library = Path.of(lib).toAbsolutePath();
        if (!Files.isRegularFile(library)) {
            throw new IllegalArgumentException("bench.profiler: no file " + library);
        }
        return new Profiler(library, Files.createDirectories(Path.of(System.getProperty("bench.profileDir", "profiles"))));
    }

    /** {@code bench.profilerEvent}: {@code cpu} (1 ms), or {@code alloc} (where the heap allocations come from). */
    void start(long pid) throws IOException {
        String event = System.getProperty("bench.profilerEvent", "cpu").trim();
        attach(pid, "cpu".equals(event) ? "start,event=cpu,interval=1ms" : "start,event=" + event);
    }

    /** Writes {@code <name>.html} (flame graph) and {@code <name>.collapsed}, and stops. */
    void stop(long pid, String name) throws IOException {
        String base = dir.resolve(name.replace('/', '_')).toString();
        attach(pid, "dump,flamegraph,file=" + base + ".html");
        attach(pid, "stop,collapsed,file=" + base + ".collapsed");
    }

    private void attach(long pid, String options) throws IOException {
        // quoted: jcmd's own parser would take "event=cpu" for an argument of its own
        Process p = new ProcessBuilder(List.of(jcmd.toString(), String.valueOf(pid), "JVMTI.agent_load",
                library.toString(), "\"" + options + "\"")).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            // the agent's own messages go to the server's output; jcmd only relays its return code
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.contains("return code: 0")) {
                throw new IOException("profiler attach to " + pid + " (" + options + ") failed: " + out.trim());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
