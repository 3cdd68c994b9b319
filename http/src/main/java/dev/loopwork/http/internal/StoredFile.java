package dev.loopwork.http.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * One upload being written to disk (or only hashed, for form fields): size and SHA-256 of exactly
 * the bytes stored.
 *
 * <h2>Files</h2>
 * Created atomically with a random name and owner-only permissions ({@code rw-------}) by
 * {@link Files#createTempFile}, so no other local user can read or replace it while it is written.
 * {@link #delete()} removes it; it is idempotent and never throws.
 */
public final class StoredFile {

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final String field;
    private final String filename;
    private final Path path;
    private final FileChannel channel;
    private final MessageDigest sha256;
    private long size;
    private String hex;
    private boolean deleted;

    private StoredFile(String field, String filename, Path path, FileChannel channel) {
        this.field = field;
        this.filename = filename;
        this.path = path;
        this.channel = channel;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /** A new owner-only file in {@code directory}. */
    public static StoredFile create(Path directory, String field, String filename) throws IOException {
        Path path = Files.createTempFile(directory, "upload-", ".bin", OWNER_ONLY);
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.WRITE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(path);
            throw e;
        }
        return new StoredFile(field, filename, path, ch);
    }

    /** A hashed, not stored, value (a form field). */
    public static StoredFile hashOnly(String field) {
        return new StoredFile(field, null, null, null);
    }

    /** Hashes and writes every byte of {@code data}, consuming it. */
    public void write(ByteBuffer data) throws IOException {
        int start = data.position();
        sha256.update(data);
        size += data.position() - start;
        if (channel != null) {
            data.position(start);
            while (data.hasRemaining()) {
                channel.write(data);
            }
        }
    }

    /** Closes the file and computes the digest. */
    public void finish() throws IOException {
        if (channel != null) {
            channel.close();
        }
        hex = HexFormat.of().formatHex(sha256.digest());
    }

    /** Closes and removes the file; never throws. Returns whether a file was removed. */
    public boolean delete() {
        if (path == null || deleted) {
            return false;
        }
        deleted = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // deleting is what matters
        }
        try {
            return Files.deleteIfExists(path);
        } catch (IOException e) {
            return false;
        }
    }

    public boolean isStored() {
        return path != null;
    }

    public String field() {
        return field;
    }

    public String filename() {
        return filename;
    }

    public Path path() {
        return path;
    }

    public long size() {
        return size;
    }

    /** SHA-256 in lower-case hex, after {@link #finish()}. */
    public String sha256() {
        return hex;
    }

    /** This upload as a JSON object. */
    public void appendJson(StringBuilder sb) {
        sb.append('{');
        if (field != null) {
            Json.string(sb.append("\"field\":"), field).append(',');
        }
        if (filename != null) {
            Json.string(sb.append("\"filename\":"), filename).append(',');
        }
        if (path != null) {
            Json.string(sb.append("\"stored\":"), path.getFileName().toString()).append(',');
        }
        sb.append("\"size\":").append(size).append(",\"sha256\":\"").append(hex).append("\"}");
    }

    @Override
    public String toString() {
        return "StoredFile{" + (path != null ? path : "field " + field) + ", size=" + size
                + (hex != null ? ", sha256=" + hex : "") + (deleted ? ", deleted" : "") + '}';
    }
}
