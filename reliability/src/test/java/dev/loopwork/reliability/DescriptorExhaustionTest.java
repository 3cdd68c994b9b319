package dev.loopwork.reliability;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Descriptor exhaustion for real: the server runs in a child JVM started under
 * {@code prlimit --nofile=N} ({@link DescriptorServerMain}); the test connects until the server's
 * accept fails with "Too many open files", then checks that the server does not spin (its own CPU
 * time per second, from its ticks, stays low), keeps serving the connections it has, and accepts the
 * queued connections once some descriptors are free. A second test checks that the cause is logged
 * once per burst, not once per attempt.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DescriptorExhaustionTest {

    /** The child's descriptor limit: its JVM needs about 40-60 of them; the rest go to connections. */
    static final int LIMIT = 192;
    /** Server CPU allowed while accepts fail, in CPU-seconds per second. A spinning loop uses about 1. */
    static final double MAX_CPU_PER_SECOND = 0.5;

    static Stream<String> transports() {
        return Transports.selected();
    }

    /** The child, its output lines as they come, and the client sockets. */
    private static final class Child implements AutoCloseable {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> stderr = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Socket> clients = new ArrayList<>();
        final int port;

        Child(String transport) throws Exception {
            this(transport, false);
        }

        Child(String transport, boolean lazy) throws Exception {
            Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")) || onPath("prlimit"),
                    "util-linux prlimit is not installed");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = List.of("prlimit", "--nofile=" + LIMIT + ':' + LIMIT, "--", java, "-Xmx128m",
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-cp", System.getProperty("java.class.path"), DescriptorServerMain.class.getName(), transport,
                    lazy ? "lazy" : "preload");
            process = new ProcessBuilder(cmd).start();
            pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), lines, null);
            pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), lines, stderr);
            port = Integer.parseInt(await(l -> l.startsWith("PORT "), "the child's port").substring(5));
        }

        private static boolean onPath(String cmd) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, cmd))) {
                    return true;
                }
            }
            return false;
        }

        private static void pump(BufferedReader in, BlockingQueue<String> to, List<String> copy) {
            Thread t = new Thread(() -> {
                try {
                    for (String l = in.readLine(); l != null; l = in.readLine()) {
                        to.add(l);
                        if (copy != null) {
                            copy.add(l);
                        }
                    }
                } catch (IOException e) {
                    // the child ended
                }
                to.add("EOF");
            }, "fd-child-reader");
            t.setDaemon(true);
            t.start();
        }

        /** The next line that matches, skipping others; fails after 60 s or at the child's end. */
        String await(Predicate<String> match, String what) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                String l = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (l == null || l.equals("EOF")) {
                    throw new AssertionError("no " + what + " from the server (" + (l == null ? "timeout" : "it ended")
                            + "); its stderr: " + stderr);
                }
                if (match.test(l)) {
                    return l;
                }
            }
        }

        Socket connect() throws IOException {
            Socket s = new Socket();
            clients.add(s);
            s.setSoTimeout(60_000);
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 60_000);
            return s;
        }

        long acceptFailuresLogged() {
            return stderr.stream().filter(l -> l.contains("Too many open files")).count();
        }

        @Override
        public void close() throws Exception {
            for (Socket s : clients) {
                s.close();
            }
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static void echo(Child child, Socket s, int b, String what) {
        try {
            s.getOutputStream().write(b);
            assertEquals(b, s.getInputStream().read(), what + ": echo on " + s);
        } catch (IOException e) {
            throw new AssertionError(what + ": no echo on " + s + ": " + e + "; the server's stderr: "
                    + String.join("\n", child.stderr), e);
        }
    }

    /** Connects until the server reports an accept failure; returns how many were accepted. */
    private static int exhaust(Child child) throws Exception {
        // Warm-up: one echo before the limit is reached, so that every class of the path is loaded.
        // Classes are read lazily, and from a directory (target/classes) each load needs a descriptor:
        // without this the first write under exhaustion fails with NoClassDefFoundError instead.
        echo(child, child.connect(), 1, "warm-up");
        child.await(x -> x.startsWith("OPEN "), "OPEN of the warm-up connection");
        for (int i = 1; i < LIMIT + 50; i++) {
            child.connect();
            String l = child.await(x -> x.startsWith("OPEN ") || x.contains("Too many open files"),
                    "OPEN or an accept failure after connection " + (i + 1));
            if (l.contains("Too many open files")) {
                return i;
            }
        }
        throw new AssertionError("the server accepted " + (LIMIT + 50) + " connections under a limit of " + LIMIT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void exhaustedDescriptorsNoSpinExistingServedAcceptsResume(String transport) throws Exception {
        Transports.assumeAvailable(transport);
        try (Child child = new Child(transport)) {
            int accepted = exhaust(child);
            List<Socket> queued = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                queued.add(child.connect()); // waits in the backlog
            }
            // CPU while accepts keep failing, from the server's own ticks over 2 s of them.
            String first = child.await(l -> l.startsWith("TICK "), "a tick");
            String last = first;
            for (int i = 0; i < 8; i++) {
                last = child.await(l -> l.startsWith("TICK "), "a tick");
            }
            String[] a = first.split(" ");
            String[] b = last.split(" ");
            double seconds = (Long.parseLong(b[1]) - Long.parseLong(a[1])) / 1e9;
            double cpu = (Long.parseLong(b[2]) - Long.parseLong(a[2])) / 1e9 / seconds;
            // Existing connections are served while accepts fail.
            echo(child, child.clients.get(0), 7, "the first connection, while accepts fail");
            echo(child, child.clients.get(accepted - 1), 8, "the last accepted connection, while accepts fail");
            // Free some descriptors: the queued connections are accepted and served.
            for (int i = 0; i < 10; i++) {
                child.clients.get(i).close();
            }
            for (Socket q : queued) {
                echo(child, q, 9, "a queued connection, after 10 were closed");
            }
            System.out.printf("%s: limit %d, %d connections accepted before EMFILE; server CPU while accepts failed "
                            + "%.3f s/s over %.2f s; %d 'Too many open files' lines logged; queued connections served "
                            + "after 10 were closed%n", transport, LIMIT, accepted, cpu, seconds,
                    child.acceptFailuresLogged());
            assertTrue(accepted > 10, "connections accepted before the limit: " + accepted);
            assertTrue(cpu <= MAX_CPU_PER_SECOND, "server CPU while accepts fail: " + cpu + " s/s (bound "
                    + MAX_CPU_PER_SECOND + "): the loop spins on a listener it cannot accept from");
        }
    }

    /**
     * Without the preloading of {@link DescriptorServerMain}: the first failed accept makes the core
     * arm its back-off timer, the nio loop loads {@code NioTimer} for the first time, and that fails
     * under EMFILE; the listener's interest was already set to 0, so accepts never resume.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void acceptsResumeEvenWhenClassesLoadLazily(String transport) throws Exception {
        Transports.assumeAvailable(transport);
        try (Child child = new Child(transport, true)) {
            int accepted = exhaust(child);
            Socket queued = child.connect();
            for (int i = 0; i < 10; i++) {
                child.clients.get(i).close();
            }
            echo(child, queued, 9, "a queued connection, after 10 were closed (lazy class loading, " + accepted
                    + " accepted)");
        }
    }

    /** The {@code accepted=N} of a server's log line: the connections it had accepted when it logged. */
    private static String acceptedCount(String line) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("accepted=(\\d+)").matcher(line);
        return m.find() ? m.group(1) : line;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void theCauseIsLoggedOncePerBurst(String transport) throws Exception {
        Transports.assumeAvailable(transport);
        try (Child child = new Child(transport)) {
            exhaust(child);
            for (int i = 0; i < 16; i++) {
                child.await(l -> l.startsWith("TICK "), "a tick"); // 4 s of failing accepts
            }
            // A burst ends when an accept succeeds (a descriptor the child's JVM used for a moment comes
            // free now and then), so a line per burst carries its own count of accepted connections;
            // two lines with the same count are two lines for one burst: logging per attempt.
            List<String> lines = child.stderr.stream().filter(l -> l.contains("Too many open files")).toList();
            assertFalse(lines.isEmpty(), "no 'Too many open files' line logged: " + child.stderr);
            List<String> bursts = lines.stream().map(DescriptorExhaustionTest::acceptedCount).distinct().toList();
            assertEquals(lines.size(), bursts.size(), "'Too many open files' logged more than once in one burst "
                    + "(no accept succeeded in between): " + lines);
        }
    }
}
