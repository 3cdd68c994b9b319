package dev.loopwork.bench.harness;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The class path the server JVMs run with: this JVM's, with every jar copied once into the run's
 * work folder. Other developers reinstall modules into the local Maven repository while a run is
 * going; a server JVM started after such an install would mix old and new classes (or find a jar
 * half written). With the copy, every server of a run runs the same bytes.
 */
final class ClassPathSnapshot {

    private ClassPathSnapshot() {
    }

    static String take(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
                Path copy = dir.resolve((i++) + "-" + p.getFileName());
                Files.copy(p, copy, StandardCopyOption.REPLACE_EXISTING);
                entries.add(copy.toString());
            } else {
                entries.add(entry); // bench's own classes: built by this run, nobody else writes them
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
