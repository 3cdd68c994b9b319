package dev.loopwork.http;

import dev.loopwork.http.internal.Json;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * One file of an upload, written off the loop thread: the loop copies each chunk into the file's
 * own buffer and returns; a disk executor creates the file (with the first write, or at the end of
 * an empty body), hashes and writes the buffers, closes the file and removes it on failure. The
 * loop thread never touches the file system, so a slow or stalled disk holds up this upload only:
 * creating a file costs a directory update (on a network file system, a round trip), and a burst
 * of thousands of new uploads at once would otherwise stall every connection of the loop.
 *
 * <h2>Memory and backpressure</h2>
 * At most two buffers of up to {@value #BUFFER} bytes per file (each sized to the chunk that
 * started it rounded up to {@value BufferRecycler#CLASS} bytes, at least {@value #MIN_BUFFER}): one
 * being written, one filling. When both are taken, {@link #offer} pauses the body
 * ({@link BodyControl#pause()}) and leaves the rest of the chunk in the connection's buffer; the end
 * of the write resumes it. Buffers go back to the handler's {@link BufferRecycler} once the file
 * has nothing pending, so an idle upload holds none, and the next chunk of a busy one takes a kept
 * buffer instead of a new one.
 *
 * <h2>State</h2>
 * Guarded by {@code this}: {@code filling} (bytes not yet handed to the disk), {@code writing} (one
 * write in flight), {@code error} (the first disk error, after which every call fails),
 * {@code paused} (the control this file paused), {@code whenFlushed} (the end of the body, waiting
 * for the last write), {@code path} and {@code channel} (null until the disk executor created the
 * file), {@code deleted}. Writes of one file never overlap, so the digest and the channel are only
 * used by one thread at a time, in order; a removal may race a write or the creation, and whichever
 * comes second cleans up.
 */
final class UploadFile {

    /** Bytes per buffer; a file holds at most two. */
    static final int BUFFER = 64 * 1024;
    /** The smallest buffer allocated. */
    static final int MIN_BUFFER = 4 * 1024;

    private final String field;
    private final String filename;
    /** Where the file goes; null for a form field (hashed, not stored). */
    private final Path directory;
    private final Executor executor;
    private final DiskIo io;
    private final BufferRecycler buffers;
    private final MessageDigest sha256 = newDigest();
    private volatile long size;
    private volatile String hex;

    private Path path;
    private FileChannel channel;
    private ByteBuffer filling;
    private ByteBuffer spare;
    private boolean writing;
    private IOException error;
    private BodyControl paused;
    private Runnable whenFlushed;
    private boolean deleted;

    private UploadFile(String field, String filename, Path directory, Executor executor, DiskIo io,
                       BufferRecycler buffers) {
        this.field = field;
        this.filename = filename;
        this.directory = directory;
        this.executor = executor;
        this.io = io;
        this.buffers = buffers;
    }

    /**
     * A file to be stored in {@code directory}. Touches no disk: the disk executor creates the file
     * (owner-only, see {@link DiskIo#create}) when the first bytes are written.
     */
    static UploadFile create(Path directory, String field, String filename, Executor executor, DiskIo io,
                             BufferRecycler buffers) {
        return new UploadFile(field, filename, directory, executor, io, buffers);
    }

    /** A form field: hashed and counted on the loop (it is small), not stored. */
    static UploadFile hashOnly(String field) {
        return new UploadFile(field, null, null, null, null, null);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /**
     * Loop thread: takes bytes of {@code chunk} into the file's buffers; pauses {@code control}
     * and leaves the rest when both buffers are taken.
     *
     * @throws HttpException 507 or 500 if an earlier write failed (see {@link #storageFailure})
     */
    void offer(ByteBuffer chunk, BodyControl control) {
        if (directory == null) {
            int n = chunk.remaining();
            sha256.update(chunk);
            size += n;
            return;
        }
        synchronized (this) {
            if (error != null) {
                throw storageFailure(error);
            }
            while (chunk.hasRemaining()) {
                if (filling == null) {
                    // Sized to the chunk (4 KiB up to BUFFER): thousands of slow uploads sending
                    // small pieces hold small buffers, not 64 KiB each.
                    int want = Math.min(BUFFER, Math.max(MIN_BUFFER, chunk.remaining()));
                    if (spare != null && spare.capacity() >= want) {
                        filling = spare;
                    } else {
                        if (spare != null) {
                            buffers.give(spare);
                        }
                        filling = buffers.take(want);
                    }
                    spare = null;
                }
                if (!filling.hasRemaining()) {
                    paused = control;
                    control.pause(); // the end of the write in flight resumes
                    return;
                }
                int n = Math.min(chunk.remaining(), filling.remaining());
                filling.put(filling.position(), chunk, chunk.position(), n); // absolute: no slice per chunk
                filling.position(filling.position() + n);
                chunk.position(chunk.position() + n);
                if (!writing) {
                    startWrite();
                }
            }
        }
    }

    /** Under the lock: hands the filling buffer to the disk executor. */
    private void startWrite() {
        ByteBuffer b = filling;
        filling = null;
        b.flip();
        writing = true;
        try {
            executor.execute(() -> write(b));
        } catch (RejectedExecutionException e) {
            writing = false;
            error = new IOException("the disk executor refused the write: " + e.getMessage(), e);
        }
    }

    /**
     * Disk executor: creates the file if this is the first write, hashes and writes one buffer, then
     * starts the next, resumes, or finishes.
     */
    private void write(ByteBuffer b) {
        IOException failure = null;
        try {
            FileChannel ch = open();
            int n = b.remaining();
            sha256.update(b.duplicate());
            io.write(ch, b, path);
            size += n;
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new IOException(e.toString(), e);
        }
        BodyControl resume;
        Runnable flushed = null;
        ByteBuffer idle = b; // unless more bytes wait for it
        synchronized (this) {
            writing = false;
            if (failure != null && error == null) {
                error = failure;
            }
            if (error == null && filling != null && filling.position() > 0) {
                b.clear();
                spare = b;
                idle = null;
                startWrite();
            }
            resume = paused;
            paused = null;
            if (!writing && whenFlushed != null) {
                flushed = whenFlushed;
                whenFlushed = null;
            }
        }
        if (idle != null) {
            buffers.give(idle); // nothing waits to be written: an idle upload holds no buffer
        }
        if (resume != null) {
            resume.resume(); // the next chunk fails at once if the write failed
        }
        if (flushed != null) {
            flushed.run();
        }
    }

    /**
     * The body of this file is complete: once every byte is on disk, closes the file, computes the
     * digest and calls {@code done} with {@code null}, or with the disk error (then the caller
     * removes the file). {@code done} runs on the loop thread if nothing is pending, else on the
     * disk executor.
     */
    void finish(Consumer<IOException> done) {
        if (directory == null) {
            hex = HexFormat.of().formatHex(sha256.digest());
            done.accept(null);
            return;
        }
        synchronized (this) {
            if (error == null && !writing && filling != null && filling.position() > 0) {
                startWrite();
            }
            if (writing) {
                whenFlushed = () -> close(done);
                return;
            }
        }
        try {
            executor.execute(() -> close(done)); // closing (or, for an empty body, creating) is disk work too
        } catch (RejectedExecutionException e) {
            done.accept(new IOException("the disk executor refused to close the file: " + e.getMessage(), e));
        }
    }

    /** Disk executor: closes the file, creating it first if no byte was written (an empty body). */
    private void close(Consumer<IOException> done) {
        IOException failure;
        synchronized (this) {
            failure = error;
            giveBackIdleBuffers();
        }
        if (failure == null) {
            try {
                open().close();
                hex = HexFormat.of().formatHex(sha256.digest());
            } catch (IOException e) {
                failure = e;
            }
        }
        done.accept(failure);
    }

    /**
     * Disk executor: the file's channel, creating the file on the first call. If the upload was
     * removed meanwhile, removes what it just created and fails.
     */
    private FileChannel open() throws IOException {
        synchronized (this) {
            if (channel != null) {
                return channel;
            }
            if (deleted) {
                throw new IOException("the upload was removed");
            }
        }
        DiskIo.Created c = io.create(directory);
        synchronized (this) {
            if (!deleted) {
                path = c.path();
                channel = c.channel();
                return channel;
            }
        }
        removeQuietly(c.channel(), c.path());
        throw new IOException("the upload was removed while its file was created");
    }

    /**
     * Closes and removes the file, on the disk executor (or here if it refuses); never throws; any
     * thread. A write in flight fails (its channel is closed), and a file being created is removed
     * once it exists. Returns whether this call started a removal.
     */
    boolean delete() {
        synchronized (this) {
            if (directory == null || deleted) {
                return false;
            }
            deleted = true;
            giveBackIdleBuffers();
        }
        try {
            executor.execute(this::removeCreated);
        } catch (RejectedExecutionException e) {
            removeCreated();
        }
        return true;
    }

    /** Under the lock: the buffers not in a write go back to the recycler. */
    private void giveBackIdleBuffers() {
        if (filling != null) {
            buffers.give(filling);
            filling = null;
        }
        if (spare != null) {
            buffers.give(spare);
            spare = null;
        }
    }

    /** Removes the file if it was created; a creation still in flight sees {@code deleted} and cleans up. */
    private void removeCreated() {
        FileChannel ch;
        Path p;
        synchronized (this) {
            ch = channel;
            p = path;
        }
        if (ch != null) {
            removeQuietly(ch, p);
        }
    }

    private static void removeQuietly(FileChannel channel, Path path) {
        try {
            channel.close(); // a write in flight fails with AsynchronousCloseException: nothing more to keep
        } catch (IOException ignored) {
            // removing the file is what matters
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // nothing else to try: the directory refuses
        }
    }

    /**
     * The answer to a disk error: 507 Insufficient Storage when the device or the quota is full,
     * else 500, with the file system's message.
     */
    static HttpException storageFailure(IOException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("No space left on device") || m.contains("Disk quota exceeded")) {
            return new HttpException(507, "the upload could not be stored: " + m, e);
        }
        return new HttpException(500, "the upload could not be stored: " + e, e);
    }

    long size() {
        return size;
    }

    String sha256() {
        return hex;
    }

    void appendJson(StringBuilder sb) {
        sb.append('{');
        if (field != null) {
            Json.string(sb.append("\"field\":"), field).append(',');
        }
        if (filename != null) {
            Json.string(sb.append("\"filename\":"), filename).append(',');
        }
        Path p;
        synchronized (this) {
            p = path;
        }
        if (p != null) {
            Json.string(sb.append("\"stored\":"), p.getFileName().toString()).append(',');
        }
        sb.append("\"size\":").append(size).append(",\"sha256\":\"").append(hex).append("\"}");
    }

    @Override
    public synchronized String toString() {
        return "UploadFile{" + (directory == null ? "field " + field : path != null ? path : "not yet created in " + directory)
                + ", size=" + size
                + (writing ? ", writing" : "") + (filling != null ? ", filling=" + filling.position() : "")
                + (paused != null ? ", paused the body" : "") + (error != null ? ", error=" + error : "")
                + (hex != null ? ", sha256=" + hex : "") + (deleted ? ", deleted" : "") + '}';
    }
}
