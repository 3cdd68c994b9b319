package dev.loopwork.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The machine and JVM a run happened on, noted in every report: results mean little without it. */
public final class Environment {

    private Environment() {
    }

    public static Map<String, String> describe(List<String> serverJvmFlags) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("date", Instant.now().toString());
        m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vendor") + ")");
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("cpu", cpuModel());
        m.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        m.put("load at start", loadAverage());
        m.put("netty", io.netty.util.Version.identify().get("netty-transport").artifactVersion());
        m.put("tcnative", tcnative());
        m.put("server JVM flags", String.join(" ", serverJvmFlags));
        m.put("note", "Java " + Runtime.version().feature() + ": Netty uses sun.misc.Unsafe as usual; on Java 25 it "
                + "would need --sun-misc-unsafe-memory-access=allow");
        return m;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return String.format("%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    private static String tcnative() {
        try {
            return io.netty.handler.ssl.OpenSsl.isAvailable() ? io.netty.handler.ssl.OpenSsl.versionString()
                    : "unavailable: " + io.netty.handler.ssl.OpenSsl.unavailabilityCause();
        } catch (Throwable t) {
            return "unavailable: " + t;
        }
    }
}
