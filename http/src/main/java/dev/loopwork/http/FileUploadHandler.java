package dev.loopwork.http;

import dev.loopwork.http.internal.StoredFile;
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
 * of the request is closed and deleted: no partial file stays behind.
 *
 * <h2>Threads</h2>
 * Bytes are hashed and written on the loop thread as they arrive, straight from the connection's
 * buffers; a slow disk slows that loop's connections (the page cache usually absorbs it).
 */
public final class FileUploadHandler implements RequestHandler {

    private static final Logger log = LoggerFactory.getLogger(FileUploadHandler.class);

    private final Path directory;

    /**
     * @param directory where files go; created (owner-only) if missing
     * @throws UncheckedIOException if it cannot be created or is not a writable directory
     * @throws UnsupportedOperationException if its file system has no POSIX permissions
     */
    public FileUploadHandler(Path directory) {
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
        return "FileUploadHandler{" + directory + '}';
    }

    /** The files of one request; its parts' consumers, or its single body's. */
    private final class Upload implements PartHandler {
        private final Response response;
        private final List<StoredFile> files = new ArrayList<>();
        private final List<StoredFile> fields = new ArrayList<>();
        private boolean failed;

        Upload(Response response) {
            this.response = response;
        }

        BodyConsumer single() throws IOException {
            StoredFile f = StoredFile.create(directory, null, null);
            files.add(f);
            return new ToFile(f) {
                @Override
                public void onComplete() throws IOException {
                    super.onComplete();
                    answer();
                }

                @Override
                public void onError(Throwable cause) {
                    Upload.this.onError(cause);
                }
            };
        }

        @Override
        public BodyConsumer onPart(Part part) throws IOException {
            StoredFile f;
            if (part.filename() == null) {
                f = StoredFile.hashOnly(part.name());
                fields.add(f);
            } else {
                f = StoredFile.create(directory, part.name(), part.filename());
                files.add(f);
            }
            return new ToFile(f);
        }

        @Override
        public void onComplete() {
            answer();
        }

        @Override
        public void onError(Throwable cause) {
            if (failed) {
                return;
            }
            failed = true;
            int removed = 0;
            for (StoredFile f : files) {
                if (f.delete()) {
                    removed++;
                }
            }
            log.debug("upload failed ({}); removed {} file(s)", cause.toString(), removed);
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

    /** Streams one body or part into a {@link StoredFile}. */
    private static class ToFile implements BodyConsumer {
        private final StoredFile file;

        ToFile(StoredFile file) {
            this.file = file;
        }

        @Override
        public void onChunk(ByteBuffer chunk, BodyControl control) throws IOException {
            file.write(chunk);
        }

        @Override
        public void onComplete() throws IOException {
            file.finish();
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
