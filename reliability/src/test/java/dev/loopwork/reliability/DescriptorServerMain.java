package dev.loopwork.reliability;

import dev.loopwork.Connection;
import dev.loopwork.ConnectionHandler;
import dev.loopwork.LoopGroup;
import dev.loopwork.Server;
import dev.loopwork.bootstrap.Loopwork;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server of {@link DescriptorExhaustionTest}, in a JVM of its own so that its descriptor limit
 * can be lowered with {@code prlimit}: an echo server on one loop that reports on stdout
 * {@code PORT p}, {@code OPEN n} / {@code CLOSED n} at every connection opened or closed, and every
 * 250 ms {@code TICK <nanoTime> <process CPU nanos>}. Stops when its stdin closes.
 */
public final class DescriptorServerMain {

    private DescriptorServerMain() {
    }

    public static void main(String[] args) throws Exception {
        String transport = args[0];
        if (args.length < 2 || !args[1].equals("lazy")) {
            preloadDirectoryClasses();
        }
        AtomicInteger open = new AtomicInteger();
        LoopGroup group = Loopwork.group().transport(transport).loops(1).name("fd-server").build();
        Server server = group.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), setup -> new ConnectionHandler() {
            @Override
            public void onOpen(Connection c) {
                say("OPEN " + open.incrementAndGet());
            }

            @Override
            public void onData(Connection c, ByteBuffer data) {
                ByteBuffer copy = ByteBuffer.allocate(data.remaining());
                copy.put(data).flip();
                c.write(copy);
            }

            @Override
            public void onClosed(Connection c, Throwable cause) {
                say("CLOSED " + open.decrementAndGet());
            }
        });
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ticks");
            t.setDaemon(true);
            return t;
        });
        ticks.scheduleAtFixedRate(() -> say("TICK " + System.nanoTime() + ' ' + os.getProcessCpuTime()),
                250, 250, TimeUnit.MILLISECONDS);
        say("PORT " + server.localAddress().getPort());
        while (System.in.read() >= 0) {
            // until the test closes our stdin
        }
        ticks.shutdownNow();
        group.shutdownGracefully(Duration.ofSeconds(2)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /**
     * Loads (without initialising) every class found in the class path's directories. In the
     * reactor build the project's own classes come from {@code target/classes} directories, where
     * each first load opens a file: under exhausted descriptors it fails with NoClassDefFoundError.
     * From a jar, as deployed, a class needs no new descriptor (the jar stays open). Preloading
     * makes the directory case behave like the jar case; {@code lazy} skips it to show the difference.
     */
    private static void preloadDirectoryClasses() throws java.io.IOException {
        ClassLoader loader = DescriptorServerMain.class.getClassLoader();
        java.util.List<java.nio.file.Path> dirs = new java.util.ArrayList<>();
        for (String entry : classPath()) {
            java.nio.file.Path p = java.nio.file.Path.of(entry);
            if (java.nio.file.Files.isDirectory(p)) {
                dirs.add(p);
            }
        }
        for (java.nio.file.Path dir : dirs) {
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(dir)) {
                files.filter(f -> f.toString().endsWith(".class")).forEach(f -> {
                    String rel = dir.relativize(f).toString();
                    String name = rel.substring(0, rel.length() - 6).replace(java.io.File.separatorChar, '.');
                    try {
                        Class.forName(name, false, loader);
                    } catch (Throwable ignored) {
                        // a test class whose dependencies are not needed here
                    }
                });
            }
        }
    }

    /** The class path, including the entries of a manifest-only jar (surefire's booter). */
    private static java.util.List<String> classPath() throws java.io.IOException {
        java.util.List<String> entries = new java.util.ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            entries.add(e);
            if (e.endsWith(".jar") && new java.io.File(e).isFile()) {
                try (java.util.jar.JarFile jar = new java.util.jar.JarFile(e)) {
                    java.util.jar.Manifest m = jar.getManifest();
                    String cp = m == null ? null : m.getMainAttributes().getValue("Class-Path");
                    if (cp != null) {
                        for (String u : cp.trim().split("\\s+")) {
                            try {
                                entries.add(java.nio.file.Path.of(java.net.URI.create(u)).toString());
                            } catch (RuntimeException notAFileUri) {
                                entries.add(new java.io.File(new java.io.File(e).getParentFile(), u).getPath());
                            }
                        }
                    }
                }
            }
        }
        return entries;
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
