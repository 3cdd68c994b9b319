package dev.loopwork.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stores uploads in files: the whole body of a {@code POST}/{@code PUT}, or each file part of a
 * {@code multipart/form-data} body, and answers with what it stored.
 *
 * <h2>Files</h2>
 * Each upload goes to a new file {@code upload-<random>.bin} in the directory, created with
 * owner-only permissions ({@code rw-------}); the client's file name is reported, never used as a
 * path. Form fields (parts without a file name) are hashed and counted, not stored.
 *
 * <h2>Answer</h2>
 * {@code 200} with {@code application/json}:
 * <pre>{@code {"files":[{"field":"f","filename":"a.txt","stored":"upload-1.bin","size":3,"sha256":"ba78..."}],
 *  "fields":[{"field":"note","size":5,"sha256":"..."}]}}</pre>
 * For a plain body, {@code files} has one entry without {@code field} and {@code filename}.
 * Other methods get 405.
 *
 * <h2>Failures</h2>
 * When the upload fails (malformed body, a limit, the connection closing, a disk error), every file
 * of the request is closed and deleted (on the disk executor, right after): no partial file stays
 * behind. A disk error is answered
 * {@code 507 Insufficient Storage} when the device or the quota is full ({@code ENOSPC},
 * {@code EDQUOT}), {@code 500} otherwise ({@code EIO}, ...), with the file system's message.
 *
 * <h2>Threads and memory</h2>
 * The loop thread never touches the file system: it only copies each chunk into the file's own
 * buffer (at most two of {@value UploadFile#BUFFER} bytes per file, none while idle; between
 * writes the handler keeps up to 2 MiB of them (32 full buffers) for the next chunks, so
 * an upload does not allocate a buffer per chunk); creating,
 * hashing, writing, closing and removing files run on a disk executor, one operation at a time per
 * file. While a file's buffers are both taken the body is paused
 * ({@link BodyControl#pause()}), so TCP slows that client down, and only that one: a slow or stalled
 * disk holds up the uploads whose writes it holds, never the loop and its other connections. The
 * default executor is shared by every handler of the JVM: up to {@value #DISK_THREADS} daemon
 * threads ({@code loopwork-upload-disk-N}) that end after 10 s idle; its queue holds at most one
 * write per open upload file.
 */
public final class FileUploadHandler implements RequestHandler {

    private static final Logger log = LoggerFactory.getLogger(FileUploadHandler.class);

    /** Threads of the default disk executor. */
    public static final int DISK_THREADS = 4;

    private static final Executor DEFAULT_DISK = defaultDisk();

    /** The most bytes of buffers kept between writes: 32 full buffers, two each for 16 busy uploads. */
    static final long KEPT_BUFFER_BYTES = 32L * UploadFile.BUFFER;

    private final Path directory;
    private final Executor disk;
    private final DiskIo io;
    /** Buffers between writes, for every upload of this handler (see {@link BufferRecycler}). */
    private final BufferRecycler buffers = new BufferRecycler(KEPT_BUFFER_BYTES);

    /**
     * Writes on the default disk executor (see the class comment).
     *
     * @param directory where files go; created (owner-only) if missing
     * @throws UncheckedIOException if it cannot be created or is not a writable directory
     * @throws UnsupportedOperationException if its file system has no POSIX permissions
     */
    public FileUploadHandler(Path directory) {
        this(directory, DEFAULT_DISK);
    }

    /**
     * Writes on {@code diskExecutor}, which must not run tasks on the calling (loop) thread.
     *
     * @see #FileUploadHandler(Path)
     */
    public FileUploadHandler(Path directory, Executor diskExecutor) {
        this(directory, diskExecutor, DiskIo.DIRECT);
    }

    /** With the disk itself replaced: the tests' slow and full disks. */
    FileUploadHandler(Path directory, Executor diskExecutor, DiskIo io) {
        this.disk = Objects.requireNonNull(diskExecutor, "diskExecutor");
        this.io = Objects.requireNonNull(io, "io");
        this.directory = directory.toAbsolutePath();
        if (!this.directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            throw new UnsupportedOperationException("FileUploadHandler creates owner-only files with POSIX permissions;"
                    + " the file system of " + this.directory + " has none");
        }
        try {
            if (!Files.exists(this.directory)) {
                Files.createDirectories(this.directory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the upload directory " + this.directory, e);
        }
        if (!Files.isDirectory(this.directory) || !Files.isWritable(this.directory)) {
            throw new UncheckedIOException(new IOException("upload directory " + this.directory
                    + " is not a writable directory"));
        }
    }

    public Path directory() {
        return directory;
    }

    private static Executor defaultDisk() {
        AtomicInteger ids = new AtomicInteger();
        ThreadPoolExecutor e = new ThreadPoolExecutor(DISK_THREADS, DISK_THREADS, 10, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "loopwork-upload-disk-" + ids.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        e.allowCoreThreadTimeOut(true);
        return e;
    }

    @Override
    public BodyConsumer onRequest(HttpRequest request, Response response) throws IOException {
        String m = request.method();
        if (!m.equals("POST") && !m.equals("PUT")) {
            response.status(405).header("Allow", "POST, PUT")
                    .send("405 Method Not Allowed: upload with POST or PUT\n");
            return null;
        }
        Upload upload = new Upload(response);
        if (Multipart.isMultipart(request)) {
            return Multipart.consumer(request, upload);
        }
        return upload.single();
    }

    @Override
    public String toString() {
        return "FileUploadHandler{" + directory + ", " + buffers + '}';
    }

    /**
     * The files of one request; its parts' consumers, or its single body's. Answers once the body is
     * complete and every file is on disk; on any failure removes every file. Its methods run on the
     * loop thread, except {@link #fileDone}, which may run on the disk executor: all synchronized.
     */
    private final class Upload implements PartHandler {
        private final Response response;
        private final List<UploadFile> files = new ArrayList<>();
        private final List<UploadFile> fields = new ArrayList<>();
        private int finishing;
        private boolean bodyComplete;
        private boolean ended;

        Upload(Response response) {
            this.response = response;
        }

        BodyConsumer single() {
            UploadFile f = UploadFile.create(directory, null, null, disk, io, buffers);
            synchronized (this) {
                files.add(f);
            }
            return new ToFile(this, f) {
                @Override
                public void onComplete() {
                    super.onComplete();
                    Upload.this.onComplete();
                }

                @Override
                public void onError(Throwable cause) {
                    Upload.this.onError(cause);
                }
            };
        }

        @Override
        public synchronized BodyConsumer onPart(Part part) throws IOException {
            UploadFile f;
            if (part.filename() == null) {
                f = UploadFile.hashOnly(part.name());
                fields.add(f);
            } else {
                f = UploadFile.create(directory, part.name(), part.filename(), disk, io, buffers);
                files.add(f);
            }
            return new ToFile(this, f);
        }

        synchronized void fileFinishing() {
            finishing++;
        }

        /** A file is on disk ({@code error == null}) or failed to get there. */
        void fileDone(IOException error) {
            synchronized (this) {
                finishing--;
                if (error == null) {
                    if (bodyComplete && finishing == 0 && !ended) {
                        ended = true;
                        answer();
                    }
                    return;
                }
                if (ended) {
                    return;
                }
                ended = true;
                removeAll(error);
            }
            HttpException failure = UploadFile.storageFailure(error);
            log.warn("upload to {} failed: {}", directory, failure.getMessage());
            try {
                response.send(failure.status(), "text/plain; charset=utf-8", failure.getMessage() + "\n");
            } catch (IllegalStateException | dev.loopwork.ClosedException e) {
                log.debug("the failed upload could not be answered: {}", e.toString());
            }
        }

        @Override
        public synchronized void onComplete() {
            bodyComplete = true;
            if (finishing == 0 && !ended) {
                ended = true;
                answer();
            }
        }

        @Override
        public synchronized void onError(Throwable cause) {
            if (ended) {
                return;
            }
            ended = true;
            removeAll(cause);
        }

        private void removeAll(Throwable cause) {
            int removed = 0;
            for (UploadFile f : files) {
                if (f.delete()) {
                    removed++;
                }
            }
            log.debug("upload failed ({}); removing {} file(s)", cause.toString(), removed);
        }

        private void answer() {
            StringBuilder sb = new StringBuilder(128 + 160 * (files.size() + fields.size()));
            sb.append("{\"files\":[");
            for (int i = 0; i < files.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                files.get(i).appendJson(sb);
            }
            sb.append("],\"fields\":[");
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                fields.get(i).appendJson(sb);
            }
            sb.append("]}\n");
            response.send(200, "application/json", sb);
        }
    }

    /** Streams one body or part into an {@link UploadFile}. */
    private static class ToFile implements BodyConsumer {
        private final Upload upload;
        private final UploadFile file;

        ToFile(Upload upload, UploadFile file) {
            this.upload = upload;
            this.file = file;
        }

        @Override
        public void onChunk(ByteBuffer chunk, BodyControl control) {
            file.offer(chunk, control);
        }

        @Override
        public void onComplete() {
            upload.fileFinishing();
            file.finish(upload::fileDone);
        }

        @Override
        public void onError(Throwable cause) {
            file.delete();
        }

        @Override
        public String toString() {
            return "ToFile{" + file + '}';
        }
    }
}
