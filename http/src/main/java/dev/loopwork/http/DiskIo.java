package dev.loopwork.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * How {@link FileUploadHandler} puts bytes on disk, one call per buffer, on its disk executor.
 * Package-private: the tests put a slow or failing disk here (a stalled network file system, a full
 * device) without needing root to make one.
 */
@FunctionalInterface
interface DiskIo {

    /** Writes every byte of {@code data} to {@code channel}, the file at {@code path}. */
    void write(FileChannel channel, ByteBuffer data, Path path) throws IOException;

    DiskIo DIRECT = (channel, data, path) -> {
        while (data.hasRemaining()) {
            channel.write(data);
        }
    };
}
