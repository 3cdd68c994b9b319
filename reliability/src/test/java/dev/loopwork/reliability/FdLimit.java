package dev.loopwork.reliability;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The descriptor limit of this JVM ({@code ulimit -n}), read from {@code /proc/self/limits}, and
 * raised for this process only when the OS allows it ({@code prlimit} on our own pid: the soft
 * limit up to the hard one for anybody, the hard one too for a privileged user). Child processes
 * started afterwards inherit it.
 */
final class FdLimit {

    private FdLimit() {
    }

    /** {soft, hard} "Max open files" of this process, or null where there is no /proc. */
    static long[] current() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                    return new long[] {parse(f[0]), parse(f[1])};
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static long parse(String v) {
        return v.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(v);
    }

    /**
     * Makes sure this process may open {@code needed} descriptors, raising its limit if it has to
     * and may; otherwise skips the running test with a message saying why.
     *
     * @return what was done, for the report
     */
    static String ensure(long needed) {
        long[] lim = current();
        Assumptions.assumeTrue(lim != null, "no /proc/self/limits here: cannot check the descriptor limit for "
                + needed + " descriptors");
        if (lim[0] >= needed) {
            return "ulimit -n " + lim[0] + " (hard " + lim[1] + ") suffices for " + needed;
        }
        long pid = ProcessHandle.current().pid();
        long hard = Math.max(lim[1], needed);
        String cmd = "prlimit --pid " + pid + " --nofile=" + needed + ':' + hard;
        String outcome;
        try {
            Process p = new ProcessBuilder("prlimit", "--pid", Long.toString(pid), "--nofile=" + needed + ':' + hard)
                    .redirectErrorStream(true).start();
            boolean ended = p.waitFor(30, TimeUnit.SECONDS);
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!ended) {
                p.destroyForcibly();
            }
            outcome = ended ? "exit " + p.exitValue() + (out.isEmpty() ? "" : ": " + out) : "timed out";
        } catch (IOException e) {
            outcome = "cannot run prlimit: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = "interrupted";
        }
        long[] after = current();
        final String why = outcome;
        Assumptions.assumeTrue(after != null && after[0] >= needed, () -> "needs " + needed
                + " descriptors but ulimit -n is " + lim[0] + " (hard " + lim[1] + ") and the OS refused to raise it ("
                + cmd + ": " + why + ")");
        return "ulimit -n raised from " + lim[0] + '/' + lim[1] + " to " + after[0] + '/' + after[1] + " for "
                + needed + " descriptors";
    }
}
