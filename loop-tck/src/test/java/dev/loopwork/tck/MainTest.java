package dev.loopwork.tck;

import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.spi.Sockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Main} cannot pass by running nothing, and says what ran. */
class MainTest {

    /** The connect-trap loop of {@link MisbehavingLoops}, with the no-argument constructor Main needs. */
    public static final class ConnectBugProvider implements LoopProvider {
        private final LoopProvider p = MisbehavingLoops.connectBug(0);

        public ConnectBugProvider() {
        }

        @Override
        public String name() {
            return p.name();
        }

        @Override
        public int priority() {
            return p.priority();
        }

        @Override
        public boolean isAvailable() {
            return p.isAvailable();
        }

        @Override
        public Optional<Throwable> unavailabilityCause() {
            return p.unavailabilityCause();
        }

        @Override
        public LoopOps newLoop(LoopConfig config) {
            return p.newLoop(config);
        }

        @Override
        public Sockets sockets() {
            return p.sockets();
        }
    }

    private record Run(int status, String out) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Run(status, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
    void runsTheNamedCasesOnAProviderFoundByNameAndCountsThem() {
        Run r = run("nio", "--fake-pollin", "USED", "--case", "SPI:");
        assertEquals(Main.OK, r.status(), r.out());
        assertTrue(r.out().contains("cases run: 3; passed: 3, failed: 0"), r.out());
        assertTrue(r.out().contains("PASS  SPI: connect completion"), r.out());
        assertTrue(r.out().endsWith("PASSED" + System.lineSeparator()), r.out());
    }

    @Test
    @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
    void aFailingCaseFailsTheRunNamingTheRule() {
        Run r = run(ConnectBugProvider.class.getName(), "--case", "connect completion");
        assertEquals(Main.FAILED, r.status(), r.out());
        assertTrue(r.out().contains("cases run: 1; passed: 0, failed: 1"), r.out());
        assertTrue(r.out().contains("OP_CONNECT (not OP_WRITE)"), r.out());
    }

    @Test
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    void nothingRunIsAFailure() {
        Run r = run("nio", "--case", "no such case");
        assertEquals(Main.NOTHING_RAN, r.status(), r.out());
        assertTrue(r.out().contains("cases run: 0"), r.out());
    }

    @Test
    void badArgumentsPrintTheUsage() {
        Run unknown = run("no.such.Provider");
        assertEquals(Main.USAGE, unknown.status(), unknown.out());
        assertTrue(unknown.out().contains("neither a class on the class path nor the name of a provider found by "
                + "ServiceLoader (found: [nio"), unknown.out());
        assertTrue(unknown.out().contains("usage: dev.loopwork.tck.Main"), unknown.out());
        assertEquals(Main.USAGE, run().status());
        assertEquals(Main.USAGE, run("nio", "--fake-pollin", "MAYBE").status());
        assertEquals(Main.USAGE, run("java.lang.String").status());
        assertEquals(Main.USAGE, run("nio", "--loops", "0").status());
    }
}
