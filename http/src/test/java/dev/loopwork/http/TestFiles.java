package dev.loopwork.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Test data (random files with their SHA-256), external clients, and checks of stored files. */
final class TestFiles {

    private TestFiles() {
    }

    /** A file of {@code size} pseudo-random bytes from {@code seed}. */
    static Path random(Path dir, String name, long size, long seed) throws IOException {
        Path f = dir.resolve(name);
        Random r = new Random(seed);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(f)) {
            for (long left = size; left > 0; ) {
                int n = (int) Math.min(block.length, left);
                r.nextBytes(block);
                out.write(block, 0, n);
                left -= n;
            }
        }
        return f;
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Every value of {@code "key":"..."} or {@code "key":123} in a JSON text, in order. */
    static List<String> jsonValues(String json, String key) {
        List<String> values = new ArrayList<>();
        String k = '"' + key + "\":";
        for (int i = json.indexOf(k); i >= 0; i = json.indexOf(k, i + 1)) {
            int s = i + k.length();
            int e;
            if (json.charAt(s) == '"') {
                e = json.indexOf('"', s + 1);
                values.add(json.substring(s + 1, e));
            } else {
                e = s;
                while (e < json.length() && Character.isDigit(json.charAt(e))) {
                    e++;
                }
                values.add(json.substring(s, e));
            }
        }
        return values;
    }

    /** Checks that a stored upload is owner-only and holds exactly the bytes with {@code sha}. */
    static void assertStored(Path dir, String stored, String sha) throws IOException {
        Path f = dir.resolve(stored);
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(f), "owner-only file " + f);
        assertEquals(sha, sha256(f), "stored bytes of " + f);
    }

    /** Whether {@code command} can be started here (curl, python3). */
    static boolean available(String command) {
        try {
            Process p = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs a process to its end (bounded), returns its stdout; fails with its stderr if it fails. */
    static String run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Path err = Files.createTempFile("proc", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + timeoutSeconds + " s");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(command + " exited with " + p.exitValue() + ": " + Files.readString(err));
            }
            return new String(out, java.nio.charset.StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
