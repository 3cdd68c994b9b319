package dev.loopwork.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * How {@link FileUploadHandler} touches the disk, on its disk executor: one {@link #create} per
 * upload file, then one {@link #write} per buffer. Package-private: the tests put a slow or failing
 * disk here (a stalled network file system, a full device) without needing root to make one.
 */
@FunctionalInterface
interface DiskIo {

    /** Writes every byte of {@code data} to {@code channel}, the file at {@code path}. */
    void write(FileChannel channel, ByteBuffer data, Path path) throws IOException;

    /**
     * Creates a new owner-only file ({@code rw-------}) with a random name in {@code directory},
     * atomically (no other local user can read or replace it while it is written), and opens it
     * for writing. On failure nothing is left behind.
     */
    default Created create(Path directory) throws IOException {
        Path path = Files.createTempFile(directory, "upload-", ".bin", Created.OWNER_ONLY);
        try {
            return new Created(path, FileChannel.open(path, StandardOpenOption.WRITE));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(path);
            throw e;
        }
    }

    /** A file {@link #create} made, open for writing. */
    record Created(Path path, FileChannel channel) {
        static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    }

    DiskIo DIRECT = (channel, data, path) -> {
        while (data.hasRemaining()) {
            channel.write(data);
        }
    };
}
