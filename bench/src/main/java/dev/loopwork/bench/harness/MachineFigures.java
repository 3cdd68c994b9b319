package dev.loopwork.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figures of the machine itself, outside any Java server: AES-128-GCM decryption speed from
 * {@code openssl speed} (the cryptographic part of the TLS floor) and an iperf3 loopback transfer
 * (the kernel's own TCP figure). Each is optional: without the tool the figure says why it is
 * missing. Install iperf3 with {@code bench/scripts/install-iperf3.sh}.
 */
public final class MachineFigures {

    /** AES-128-GCM decryption, CPU seconds per GiB of ciphertext, or NaN. */
    private double aesCpuPerGiB = Double.NaN;
    private String aesNote = "not measured";
    private final List<double[]> iperf = new ArrayList<>();
    private String iperfNote = "not measured";

    public double aesCpuPerGiB() {
        return aesCpuPerGiB;
    }

    public String aesNote() {
        return aesNote;
    }

    /** Per iperf3 run: MB/s, server (receiver) CPU-s/GiB, client (sender) CPU-s/GiB. */
    public List<double[]> iperf() {
        return iperf;
    }

    public String iperfNote() {
        return iperfNote;
    }

    static MachineFigures measure(long sizeMiB, int runs) {
        MachineFigures f = new MachineFigures();
        f.measureAes();
        f.measureIperf(sizeMiB, runs);
        return f;
    }

    /**
     * {@code openssl speed} counts CPU time (user) by default, so the figure is the CPU cost of the
     * decryption alone, in 16 KiB records (the TLS record size).
     */
    private void measureAes() {
        try {
            String out = run(List.of("openssl", "speed", "-evp", "aes-128-gcm", "-decrypt", "-seconds", "2",
                    "-bytes", "16384"), 60);
            Matcher m = Pattern.compile("(?im)^AES-128-GCM\\s+([0-9.]+)k\\s*$").matcher(out);
            if (!m.find()) {
                aesNote = "openssl speed printed no AES-128-GCM line: " + out.lines().reduce((a, b) -> b).orElse("");
                return;
            }
            double bytesPerSecond = Double.parseDouble(m.group(1)) * 1000;
            aesCpuPerGiB = (1L << 30) / bytesPerSecond;
            aesNote = String.format(Locale.ROOT, "openssl speed -evp aes-128-gcm -decrypt, 16 KiB blocks: %.0f MB/s"
                    + " per core = %.3f CPU-s/GiB (%s)", bytesPerSecond / 1e6, aesCpuPerGiB, version());
        } catch (IOException | RuntimeException e) {
            aesNote = "openssl not usable here: " + e.getMessage();
        }
    }

    private static String version() {
        try {
            return run(List.of("openssl", "version"), 10).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    private void measureIperf(long sizeMiB, int runs) {
        if (!onPath("iperf3")) {
            iperfNote = "iperf3 is not installed: row skipped (install it with bench/scripts/install-iperf3.sh)";
            return;
        }
        try {
            for (int i = 0; i < runs; i++) {
                int port = freePort();
                Process server = new ProcessBuilder("iperf3", "-s", "-1", "-p", String.valueOf(port), "-B", "127.0.0.1")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                try {
                    String json = null;
                    for (int attempt = 0; attempt < 50 && json == null; attempt++) {
                        String out = run(List.of("iperf3", "-c", "127.0.0.1", "-p", String.valueOf(port), "-n",
                                sizeMiB + "M", "-J"), 120);
                        if (out.contains("\"sum_received\"")) {
                            json = out;
                        } else {
                            Thread.sleep(100); // the server was not listening yet
                        }
                    }
                    if (json == null) {
                        iperfNote = "iperf3 gave no result";
                        return;
                    }
                    double seconds = number(json, "sum_received", "seconds");
                    double bytes = number(json, "sum_received", "bytes");
                    double remote = number(json, "cpu_utilization_percent", "remote_total") / 100;
                    double host = number(json, "cpu_utilization_percent", "host_total") / 100;
                    double gib = bytes / (1L << 30);
                    iperf.add(new double[] {bytes / seconds / 1e6, remote * seconds / gib, host * seconds / gib});
                } finally {
                    server.destroy();
                    server.waitFor(5, TimeUnit.SECONDS);
                }
            }
            iperfNote = version("iperf3") + ", " + sizeMiB + " MiB per run, one TCP stream over 127.0.0.1; CPU from"
                    + " iperf3's own report (receiver = server)";
        } catch (IOException | RuntimeException e) {
            iperfNote = "iperf3 failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            iperfNote = "interrupted";
        }
    }

    private static String version(String tool) {
        try {
            return run(List.of(tool, "--version"), 10).lines().findFirst().orElse(tool).trim();
        } catch (IOException e) {
            return tool;
        }
    }

    /** The number of {@code "key"} inside the object {@code "section"} of iperf3's JSON. */
    static double number(String json, String section, String key) {
        int at = json.indexOf("\"" + section + "\"");
        if (at < 0) {
            throw new IllegalArgumentException("no " + section + " in iperf3's answer");
        }
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*([-0-9.eE+]+)").matcher(json);
        if (!m.find(at)) {
            throw new IllegalArgumentException("no " + section + "." + key + " in iperf3's answer");
        }
        return Double.parseDouble(m.group(1));
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String run(List<String> cmd, int timeoutSeconds) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish within " + timeoutSeconds + " s");
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
