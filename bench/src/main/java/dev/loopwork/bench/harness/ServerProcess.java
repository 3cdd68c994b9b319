package dev.loopwork.bench.harness;

import dev.loopwork.bench.server.ServerMain;
import dev.loopwork.bench.server.ServerSpec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server in its own JVM: same Java, same class path, flags chosen here. Talks to
 * {@link ServerMain} over its standard input and output; its standard error goes to a log file.
 * Every wait is bounded, and {@link #close()} kills the process if it does not quit.
 */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final int port;
    private final String description;

    ServerProcess(ServerSpec spec, String classPath, List<String> prefix, List<String> jvmFlags, Path log,
                  Duration startTimeout) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmFlags);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(ServerMain.class.getName());
        cmd.addAll(spec.toArgs());
        process = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
            lines.add("EOF");
        }, "server-stdout");
        pump.setDaemon(true);
        pump.start();
        String ready = await("READY", startTimeout, log);
        String[] parts = ready.split(" ", 3);
        port = Integer.parseInt(parts[1]);
        description = parts.length > 2 ? parts[2] : spec.kind();
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    String description() {
        return description;
    }

    void mark() throws IOException {
        send("mark");
        await("MARKED", Duration.ofSeconds(30), null);
    }

    /** The server's own numbers since {@link #mark()}, as {@code key -> value}. */
    Map<String, Long> report() throws IOException {
        send("report");
        String line = await("REPORT", Duration.ofSeconds(30), null);
        Map<String, Long> m = new HashMap<>();
        for (String kv : line.substring("REPORT ".length()).split(" ")) {
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), Long.parseLong(kv.substring(eq + 1)));
        }
        return m;
    }

    private void send(String command) throws IOException {
        commands.write(command + "\n");
        commands.flush();
    }

    private String await(String prefix, Duration timeout, Path log) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line;
            try {
                line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for " + prefix);
            }
            if (line == null) {
                throw new IOException("server said no " + prefix + " within " + timeout + seeLog(log));
            }
            if (line.startsWith(prefix)) {
                return line;
            }
            if (line.startsWith("FAILED") || line.equals("EOF")) {
                throw new IOException("server failed: " + line + seeLog(log));
            }
        }
    }

    private static String seeLog(Path log) {
        return log == null ? "" : " (see " + log + ")";
    }

    @Override
    public void close() {
        try {
            send("quit");
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
