package dev.loopwork.modulepath;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The module path is tested, not only the class path (where surefire runs everything else): a
 * child JVM gets Loopwork's modules ({@code dev.loopwork.api}, {@code .nio}, {@code .tls},
 * {@code .http}) and the named third-party modules on its module path, the kit and the tests on its
 * class path, and runs the whole kit on nio ({@link ModulePathNioTck}) and a TLS + HTTP upload
 * ({@link ModulePathUpload}). Mistakes in a {@code module-info} (a missing {@code provides}, an
 * export, a {@code requires static} that code needs at run time) fail here.
 *
 * <p>Twice: once with every module on the module path resolved (netty too, so the OpenSSL engine
 * runs), once with only Loopwork's modules resolved, where the JDK engine must work without netty.
 */
class ModulePathTest {

    /** Loopwork's named modules, as reactor output folders or installed jars. */
    private static final Pattern LOOPWORK = Pattern.compile(
            ".*[/\\\\](loop-api|loop-nio|tls|http)[/\\\\]target[/\\\\].*|.*loopwork-(api|nio|tls|http)-[^/\\\\]*\\.jar");
    /** Third-party jars that are (or are meant to be used as) named or automatic modules. */
    private static final Pattern MODULES = Pattern.compile(
            ".*[/\\\\](slf4j-api|netty-(buffer|common|handler|codec|codec-base|transport|resolver|"
                    + "transport-native-unix-common)|bcprov|bcpkix|bcutil)-[^/\\\\]*\\.jar");

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void kitAndUploadWithEveryModuleResolved() throws Exception {
        run("ALL-MODULE-PATH", ModulePathNioTck.class.getName(), ModulePathUpload.class.getName());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void uploadWithOnlyLoopworkModulesResolved() throws Exception {
        run("dev.loopwork.nio,dev.loopwork.tls,dev.loopwork.http,org.bouncycastle.pkix", ModulePathUpload.class.getName());
    }

    private static void run(String addModules, String... classes) throws Exception {
        List<String> modulePath = new ArrayList<>();
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            boolean testCode = entry.contains("test-classes") || entry.endsWith("-tests.jar");
            if (LOOPWORK.matcher(entry).matches() && !testCode
                    || MODULES.matcher(entry).matches()) {
                modulePath.add(entry);
            } else {
                classPath.add(entry);
            }
        }
        assertEquals(4, modulePath.stream().filter(e -> LOOPWORK.matcher(e).matches()).count(),
                "Loopwork's four modules on the module path: " + modulePath);
        Path log = Files.createTempFile("module-path-run", ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dloopwork.buffers.tracking=true",
                "--module-path", String.join(File.pathSeparator, modulePath),
                "--add-modules", addModules,
                "-cp", String.join(File.pathSeparator, classPath),
                ModulePathMain.class.getName()));
        command.addAll(List.of(classes));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            boolean ended = p.waitFor(280, TimeUnit.SECONDS);
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(ended, "the module-path run did not end in time; output so far:\n" + tail(output));
            assertFalse(output.contains("MODULE-PATH RUN FAILED"), tail(output));
            assertEquals(0, p.exitValue(), "exit code of the module-path run; output:\n" + tail(output));
            assertTrue(output.contains("module of dev.loopwork.api: module dev.loopwork.api"),
                    "the API ran as a named module:\n" + tail(output));
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    private static String tail(String s) {
        return s.length() <= 12_000 ? s : s.substring(s.length() - 12_000);
    }
}
