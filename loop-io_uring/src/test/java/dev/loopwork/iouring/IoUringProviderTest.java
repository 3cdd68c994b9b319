package dev.loopwork.iouring;

import dev.loopwork.TransportUnavailableException;
import dev.loopwork.bootstrap.Diagnostics;
import dev.loopwork.bootstrap.Loopwork;
import dev.loopwork.bootstrap.ProviderStatus;
import dev.loopwork.spi.LoopProvider;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Discovery, selection and unavailability of the io_uring providers. This module's test class path has
 * nio and io_uring but not epoll, so {@code auto} picks io_uring here; with epoll present it would not
 * (priority 50 &lt; 100).
 */
class IoUringProviderTest {

    @Test
    void bothProvidersAreFoundByTheServiceLoader() {
        List<String> names = ServiceLoader.load(LoopProvider.class).stream().map(p -> p.get().name())
                .collect(Collectors.toList());
        assertTrue(names.contains("io_uring"), names.toString());
        assertTrue(names.contains("io_uring-manual"), names.toString());
    }

    @Test
    void ioUringRanksAboveNioAndBelowEpollAndIsAvailableHere() {
        IoUringLoopProvider p = new IoUringLoopProvider();
        assertEquals(50, p.priority());
        assertTrue(p.priority() > 10 && p.priority() < 100, "above nio (10), below epoll (100)");
        assertTrue(p.isAvailable(), () -> "io_uring unavailable: " + p.unavailabilityCause());
        assertTrue(p.unavailabilityCause().isEmpty());
        assertEquals("io_uring", Loopwork.selectProvider("auto").name(), "auto without epoll on the class path");
        assertEquals("io_uring-manual", Loopwork.selectProvider("io_uring-manual").name());
        ProviderStatus manual = Loopwork.providers().stream().filter(s -> s.name().equals("io_uring-manual"))
                .findFirst().orElseThrow();
        assertTrue(manual.isAvailable());
        assertTrue(manual.priority() < 0, "never picked by auto");
    }

    @Test
    void diagnosticsListsBothProviders() {
        String report = Diagnostics.report();
        assertTrue(report.contains("io_uring"), report);
        assertTrue(report.contains("io_uring-manual"), report);
        assertTrue(report.contains("-> io_uring\n"), "auto picks io_uring here:\n" + report);
    }

    @Test
    void theSysctlIsExplainedWhenItForbidsIoUring() {
        assertNull(IoUringAvailability.sysctlHint(null), "no such sysctl (older kernels)");
        assertNull(IoUringAvailability.sysctlHint("0"));
        assertTrue(IoUringAvailability.sysctlHint("1").contains("kernel.io_uring_group"));
        assertTrue(IoUringAvailability.sysctlHint("2").contains("disabled for every process"));
        assertEquals("kernel.io_uring_disabled=7", IoUringAvailability.sysctlHint("7"));
    }

    /**
     * With Netty's native transports switched off ({@code -Dio.netty.transport.noNative=true}, the way a
     * missing library or a refusing kernel looks to a provider), in a JVM of its own: the provider says
     * why, {@code Diagnostics} shows it, picking it by name fails naming the cause, and {@code auto}
     * falls back to nio with exactly one WARN that names io_uring and the cause.
     */
    @Test
    void unavailableIoUringIsReportedAndAutoFallsBackWithOneWarning() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Dio.netty.transport.noNative=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-cp", System.getProperty("java.class.path"),
                UnavailableMain.class.getName()).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(child.getInputStream()));
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM ended");
        String out = output.get(10, TimeUnit.SECONDS);
        assertEquals(0, child.exitValue(), out);
        assertTrue(out.contains("io_uring (priority 50): unavailable"), out);
        assertTrue(out.contains("explicit disabled"), "Netty's cause is shown:\n" + out);
        assertTrue(out.contains("configured: auto -> nio"), out);
        assertTrue(out.contains("by name: TransportUnavailableException"), out);
        long warnings = out.lines().filter(l -> l.contains("WARN") && l.contains("transport auto")).count();
        assertEquals(1, warnings, "one WARN for two auto selections:\n" + out);
        assertTrue(out.lines().anyMatch(l -> l.contains("WARN") && l.contains("'io_uring' is unavailable")
                && l.contains("explicit disabled") && l.contains("using 'nio'")), out);
    }

    private static String read(InputStream in) {
        try (in) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toString(StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "(could not read the child's output: " + e + ")";
        }
    }

    /** What the child JVM of {@link #unavailableIoUringIsReportedAndAutoFallsBackWithOneWarning} runs. */
    static final class UnavailableMain {
        public static void main(String[] args) {
            IoUringLoopProvider p = new IoUringLoopProvider();
            if (p.isAvailable()) {
                throw new AssertionError("io_uring should be unavailable with -Dio.netty.transport.noNative=true");
            }
            System.out.println("cause: " + p.unavailabilityCause().orElseThrow().getMessage());
            System.out.print(Diagnostics.report());
            Loopwork.selectProvider("auto");
            Loopwork.selectProvider("auto");
            TransportUnavailableException e = assertThrows(TransportUnavailableException.class,
                    () -> Loopwork.selectProvider("io_uring"));
            System.out.println("by name: TransportUnavailableException: " + e.getMessage());
            assertFalse(e.getMessage().isEmpty());
            System.out.flush();
        }
    }
}
